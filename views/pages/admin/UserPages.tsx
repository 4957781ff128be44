import type { AdminUser } from '../../../worker/db/queries/admin'
import type { FieldErrors, FormValues } from '../../../worker/domain/form'
import { SelectField, TextField } from '../../components/Field'
import { AdminNav } from './AdminNav'
import { ListTable } from '../../components/ListTable'
import { roleLabel } from '../../../worker/domain/glossary'

export function UsersPage(props: { users: AdminUser[]; kelurahanNames: Map<string, string> }) {
  return (
    <>
      <AdminNav current="/admin/users" />
      <h1>Pengguna</h1>
      <p>
        <a class="btn" href="/admin/users/new">
          Tambah pengguna
        </a>{' '}
        <a class="btn secondary" href="/admin/imports/users">
          Impor dari CSV
        </a>
      </p>
      <ListTable headings={['Nama pengguna', 'Nama', 'Peran', 'Kelurahan', 'Status']}>
        {props.users.map((u) => (
          <tr>
            <td>
              <a href={`/admin/users/${u.id}`}>{u.username}</a>
            </td>
            <td>{u.displayName}</td>
            <td>{roleLabel(u.role)}</td>
            <td>{u.kelurahan.map((code) => props.kelurahanNames.get(code) ?? code).join(', ')}</td>
            <td>
              {u.active ? 'Aktif' : <span class="late">Nonaktif</span>}
              {u.mustChangePassword && <span class="badge">sandi sementara</span>}
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  )
}

export type UserFormProps = {
  user?: AdminUser
  values: FormValues
  kelurahan: string[]
  errors: FieldErrors
  roles: readonly string[]
  kelurahanOptions: [string, string][]
  notice?: string
}

export function UserFormPage(props: UserFormProps) {
  const v = props.values
  const editing = props.user
  const error = props.errors.kelurahan
  return (
    <>
      <AdminNav current="/admin/users" />
      <h1>{editing ? `Pengguna ${editing.username}` : 'Tambah pengguna'}</h1>
      {props.notice && (
        <div class="notice" role="status">
          {props.notice}
        </div>
      )}
      <form method="post" action={editing ? `/admin/users/${editing.id}` : '/admin/users'}>
        {editing ? (
          <p>
            Nama pengguna: <strong>{editing.username}</strong>
          </p>
        ) : (
          <TextField name="username" label="Nama pengguna" value={v.username ?? ''} errors={props.errors} required maxlength={32} hint="Huruf kecil, angka, titik atau tanda hubung; tidak dapat diubah nanti." />
        )}
        <TextField name="display_name" label="Nama lengkap" value={v.display_name ?? ''} errors={props.errors} required maxlength={100} />
        <SelectField name="role" label="Peran" value={v.role ?? ''} options={props.roles.map((r) => [r, roleLabel(r)])} placeholder="— pilih peran —" errors={props.errors} required />
        <div class="field">
          <label for="f-kelurahan">Kelurahan yang ditangani</label>
          <select id="f-kelurahan" name="kelurahan" multiple size={8} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'h-kelurahan e-kelurahan' : 'h-kelurahan'}>
            {props.kelurahanOptions.map(([code, label]) => (
              <option value={code} selected={props.kelurahan.includes(code)}>
                {label}
              </option>
            ))}
          </select>
          <div class="hint" id="h-kelurahan">
            Wajib untuk fasilitator; pilih beberapa dengan Ctrl. Fasilitator baru masuk antrean paling belakang; urutan diatur di halaman Kelurahan &amp; fasilitator.
          </div>
          {error && (
            <p class="error" id="e-kelurahan">
              {error}
            </p>
          )}
        </div>
        <TextField name="phone" label="Nomor HP" type="tel" value={v.phone ?? ''} errors={props.errors} inputmode="tel" />
        <TextField name="email" label="Email" type="email" value={v.email ?? ''} errors={props.errors} />
        <fieldset>
          <legend>Untuk surat tugas</legend>
          <TextField name="nip" label="NIP" value={v.nip ?? ''} errors={props.errors} maxlength={24} inputmode="numeric" hint="18 angka, boleh dengan spasi (19750328 200604 2 017). Kosongkan bila bukan ASN." />
          <TextField name="position" label="Jabatan" value={v.position ?? ''} errors={props.errors} maxlength={120} hint="Mis. Pekerja Sosial Masyarakat, Kepala Bidang Rehabilitasi Sosial." />
          <TextField name="rank" label="Pangkat/golongan" value={v.rank ?? ''} errors={props.errors} maxlength={60} hint="Mis. Penata (III/c). Kosongkan bila bukan ASN." />
        </fieldset>
        <button type="submit">{editing ? 'Simpan perubahan' : 'Buat pengguna'}</button>
      </form>
      {editing && (
        <>
          <h2>Akses</h2>
          <p>Status: {editing.active ? 'aktif' : 'nonaktif'}.</p>
          <form method="post" action={`/admin/users/${editing.id}/${editing.active ? 'disable' : 'enable'}`} class="inline">
            <button type="submit" class="btn secondary">
              {editing.active ? 'Nonaktifkan (sesi berakhir seketika)' : 'Aktifkan kembali'}
            </button>
          </form>{' '}
          <form method="post" action={`/admin/users/${editing.id}/reset-password`} class="inline">
            <button type="submit" class="btn secondary">
              Atur ulang kata sandi
            </button>
          </form>
          <form method="post" action={`/admin/users/${editing.id}/end-sessions`} class="inline">
            <button type="submit" class="btn secondary">
              Akhiri semua sesi
            </button>
          </form>{' '}
          <form method="post" action={`/admin/users/${editing.id}/reset-2fa`} class="inline">
            <button type="submit" class="btn secondary">
              Atur ulang verifikasi dua langkah
            </button>
          </form>
          <h2>Pemberitahuan</h2>
          <p>
            <a href={`/admin/users/${editing.id}/alerts`}>Atur saluran dan jam tenang pemberitahuan</a> (misalnya bagi pejabat yang jarang masuk ke Sigap).
          </p>
        </>
      )}
    </>
  )
}

/** A temporary password, shown once: it is never stored in clear. */
export function TemporaryPasswordPage(props: { rows: { username: string; displayName: string; password: string }[]; title: string }) {
  return (
    <>
      <AdminNav current="/admin/users" />
      <h1>{props.title}</h1>
      <div class="notice warn" role="status">
        Kata sandi sementara hanya ditampilkan sekali ini. Sampaikan langsung kepada pemiliknya; mereka wajib menggantinya saat pertama masuk.
      </div>
      <ListTable headings={['Nama pengguna', 'Nama', 'Kata sandi sementara']}>
        {props.rows.map((r) => (
          <tr>
            <td>{r.username}</td>
            <td>{r.displayName}</td>
            <td>
              <code class="temp-password">{r.password}</code>
            </td>
          </tr>
        ))}
      </ListTable>
      <p>
        <a href="/admin/users">Kembali ke daftar pengguna</a>
      </p>
    </>
  )
}

export type CoverageRow = { code: string; name: string; kecamatanName: string; facilitators: { userId: number; displayName: string; username: string; active: boolean; role: string }[] }

export function CoveragePage(props: { rows: CoverageRow[] }) {
  return (
    <>
      <AdminNav current="/admin/kelurahan" />
      <h1>Kelurahan &amp; fasilitator</h1>
      <p class="muted">Kasus baru dari sebuah kelurahan diberikan kepada fasilitator aktif pertama dalam antrean.</p>
      <ListTable headings={['Kelurahan', 'Kecamatan', 'Antrean fasilitator']}>
        {props.rows.map((row) => (
          <tr>
            <td>{row.name}</td>
            <td>{row.kecamatanName}</td>
            <td>
              {row.facilitators.length === 0 ? (
                <span class="late">Belum ada fasilitator</span>
              ) : (
                <ol class="queue">
                  {row.facilitators.map((f, i) => (
                    <li>
                      <a href={`/admin/users/${f.userId}`}>{f.displayName}</a>
                      {!f.active && <span class="badge">nonaktif</span>}
                      {f.role !== 'fasilitator' && <span class="badge">{roleLabel(f.role)}</span>}
                      {i > 0 && (
                        <form method="post" action={`/admin/kelurahan/${row.code}/first`} class="inline">
                          <input type="hidden" name="user" value={String(f.userId)} />
                          <button type="submit" class="link">
                            jadikan pertama
                          </button>
                        </form>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  )
}
