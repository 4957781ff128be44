import { ageGroups, sexes, statusLabel } from '../../worker/domain/glossary'
import { partnerTypes } from '../../worker/domain/transitions'
import { SelectField, TextArea, TextField } from '../components/Field'
import { formatDateTime } from '../../worker/domain/format'
import { ListTable } from '../components/ListTable'
import { partnerAnswers, type PartnerAnswer } from '../../worker/domain/transitions'
import type { FieldErrors, FormValues } from '../../worker/domain/form'


const typeLabel = (t: string) => partnerTypes[t as keyof typeof partnerTypes] ?? t

type PartnerCaseRow = { case_id: number; ticket: string; status: string; category: string; kelurahan: string; referred_at: number; request: string; answer: string | null; answered_at: number | null; accept_due_at: number | null; outcome_due_at: number | null }

/** What the partner owes next on a referral, and by when (issue 24); nothing once a result is in or the case left them. */
function nextDeadline(r: PartnerCaseRow, now: number, zone: string): string {
  if (r.status !== 'dirujuk' || r.answer === 'selesai' || r.answer === 'ditolak') return '—'
  const [what, due] = r.answer === null ? ['Jawab', r.accept_due_at] : ['Hasil', r.outcome_due_at]
  if (due === null) return '—'
  return `${what} sebelum ${formatDateTime(due, zone)}${due <= now ? ' (terlewat)' : ''}`
}

/** A partner's list: the cases referred to their organisation, newest first. */
export function PartnerCasesPage(props: { partnerName: string | null; rows: PartnerCaseRow[]; reminders: { case_id: number; note: string; created_at: number }[]; now: number; zone: string }) {
  if (!props.partnerName) return <p>Akun ini belum dihubungkan dengan lembaga mitra. Hubungi admin Dinas Sosial.</p>
  return (
    <>
      <h1>Rujukan untuk {props.partnerName}</h1>
      {props.reminders.length > 0 && (
        <section class="notice warn" id="pengingat">
          <h2>Pengingat batas waktu</h2>
          <ul>
            {props.reminders.map((m) => (
              <li>
                {formatDateTime(m.created_at, props.zone)}: {m.note} <a href={`/mitra/cases/${m.case_id}`}>Buka</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.rows.length === 0 ? (
        <p>Belum ada kasus yang dirujuk.</p>
      ) : (
        <ListTable headings={['Tiket', 'Kategori', 'Kelurahan', 'Dirujuk', 'Jawaban', 'Batas waktu']} class="cases">
          {props.rows.map((r) => (
            <tr>
              <td><a class="nowrap" href={`/mitra/cases/${r.case_id}`}>{r.ticket}</a></td>
              <td>{r.category}</td>
              <td>{r.kelurahan}</td>
              <td>{formatDateTime(r.referred_at, props.zone)}</td>
              <td>{r.answer ? partnerAnswers[r.answer as PartnerAnswer] ?? r.answer : 'Belum dijawab'}</td>
              <td>{nextDeadline(r, props.now, props.zone)}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </>
  )
}

export type PartnerCase = {
  case_id: number; ticket: string; status: string; category: string; kelurahan: string; kecamatan: string; person_name: string; person_age_group: string
  person_sex: string; address: string; rt: string | null; rw: string | null; landmark: string | null; partner_type: string; request: string
  referred_at: number; referred_by: string | null; facilitator: string | null
}

/** One referred case: what the partner needs to act, their answers, and the answer form. */
export function PartnerCasePage(props: { kase: PartnerCase; history: { answer: string; note: string | null; at: number; name: string }[]; zone: string; values: FormValues; errors: FieldErrors; saved: boolean }) {
  const k = props.kase
  return (
    <>
      <h1>
        Rujukan <span class="nowrap">{k.ticket}</span>
      </h1>
      {props.saved && <p class="notice ok" role="status">Jawaban tersimpan dan fasilitator sudah diberi tahu.</p>}
      <dl class="facts">
        <dt>Jenis layanan</dt>
        <dd>{typeLabel(k.partner_type)}</dd>
        <dt>Yang diminta</dt>
        <dd>{k.request}</dd>
        <dt>Kategori</dt>
        <dd>{k.category}</dd>
        <dt>Nama</dt>
        <dd>{k.person_name} ({ageGroups[k.person_age_group as keyof typeof ageGroups] ?? k.person_age_group}, {sexes[k.person_sex as keyof typeof sexes] ?? k.person_sex})</dd>
        <dt>Alamat</dt>
        <dd>
          {k.address}
          {k.rt && `, RT ${k.rt}`}
          {k.rw && `/RW ${k.rw}`}, {k.kelurahan}, {k.kecamatan}
          {k.landmark && ` (${k.landmark})`}
        </dd>
        <dt>Dirujuk</dt>
        <dd>
          {formatDateTime(k.referred_at, props.zone)}
          {k.referred_by && ` oleh ${k.referred_by}`}
        </dd>
        <dt>Fasilitator</dt>
        <dd>{k.facilitator ?? '–'}</dd>
        <dt>Status kasus</dt>
        <dd>{statusLabel(k.status)}</dd>
      </dl>
      <h2>Jawaban lembaga</h2>
      {props.history.length === 0 ? (
        <p>Belum ada jawaban.</p>
      ) : (
        <ol>
          {props.history.map((h) => (
            <li>
              <strong>{partnerAnswers[h.answer as PartnerAnswer] ?? h.answer}</strong> · {formatDateTime(h.at, props.zone)} · {h.name}
              {h.note && <> — {h.note}</>}
            </li>
          ))}
        </ol>
      )}
      <form method="post" action={`/mitra/cases/${k.case_id}/answer`}>
        <SelectField name="answer" label="Jawaban" value={props.values.answer ?? ''} options={Object.entries(partnerAnswers)} placeholder="— pilih —" errors={props.errors} required />
        <TextArea name="note" label="Catatan (wajib bila ditolak: alasannya)" value={props.values.note ?? ''} errors={props.errors} maxlength={1000} />
        <button type="submit">Kirim jawaban</button>
      </form>
    </>
  )
}

type PartnerRow = { id: number; name: string; partnerType: string; contact: string | null; active: boolean; users: number }

export function PartnerListPage(props: { rows: PartnerRow[]; values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <h1>Lembaga mitra</h1>
      <ListTable headings={['Nama', 'Jenis', 'Pengguna', 'Aktif']} class="cases">
        {props.rows.map((r) => (
          <tr>
            <td><a href={`/admin/partners/${r.id}`}>{r.name}</a></td>
            <td>{typeLabel(r.partnerType)}</td>
            <td>{r.users}</td>
            <td>{r.active ? 'Ya' : 'Tidak'}</td>
          </tr>
        ))}
      </ListTable>
      <h2>Tambah lembaga</h2>
      <PartnerForm action="/admin/partners" values={props.values} errors={props.errors} />
    </>
  )
}

function PartnerForm(props: { action: string; values: FormValues; errors: FieldErrors }) {
  return (
    <form method="post" action={props.action}>
      <TextField name="name" label="Nama lembaga" value={props.values.name ?? ''} errors={props.errors} maxlength={200} required />
      <SelectField name="partner_type" label="Jenis" value={props.values.partner_type ?? ''} options={Object.entries(partnerTypes)} placeholder="— pilih —" errors={props.errors} required />
      <TextField name="contact" label="Kontak (telepon / alamat)" value={props.values.contact ?? ''} errors={props.errors} maxlength={300} />
      <TextField name="accept_hours" label="Batas menjawab rujukan (jam kerja)" value={props.values.accept_hours ?? '8'} errors={props.errors} inputmode="numeric" required hint="Terima atau tolak. 8 jam kerja = 1 hari kerja." />
      <TextField name="outcome_hours" label="Batas melaporkan hasil (jam kerja)" value={props.values.outcome_hours ?? '40'} errors={props.errors} inputmode="numeric" required hint="Sejak dirujuk. 40 jam kerja = 5 hari kerja." />
      <div class="field">
        <label>
          <input type="checkbox" name="active" value="1" checked={props.values.active === undefined || props.values.active === '1'} /> Aktif
        </label>
      </div>
      <button type="submit">Simpan</button>
    </form>
  )
}

export function PartnerDetailPage(props: { partner: { id: number; name: string }; members: { id: number; username: string; displayName: string; active: boolean }[]; values: FormValues; errors: FieldErrors; userValues: FormValues; userErrors: FieldErrors; notice?: string }) {
  return (
    <>
      <p><a href="/admin/partners">← Lembaga mitra</a></p>
      <h1>{props.partner.name}</h1>
      {props.notice && <p class="notice ok" role="status">{props.notice}</p>}
      <PartnerForm action={`/admin/partners/${props.partner.id}`} values={props.values} errors={props.errors} />
      <h2>Pengguna lembaga</h2>
      {props.members.length === 0 ? <p>Belum ada.</p> : (
        <ul>
          {props.members.map((m) => (
            <li>
              <a href={`/admin/users/${m.id}`}>{m.displayName}</a> ({m.username}){!m.active && ' · nonaktif'}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`/admin/partners/${props.partner.id}/users`}>
        <TextField name="username" label="Nama pengguna" value={props.userValues.username ?? ''} errors={props.userErrors} maxlength={40} required />
        <TextField name="display_name" label="Nama lengkap" value={props.userValues.display_name ?? ''} errors={props.userErrors} maxlength={100} required />
        <button type="submit">Tambah pengguna mitra</button>
      </form>
    </>
  )
}
