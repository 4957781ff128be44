import type { VehicleWithCrew } from '../../../worker/db/queries/dispatch'
import type { FieldErrors, FormValues } from '../../../worker/domain/form'
import { contactRoles, vehicleKinds } from '../../../worker/domain/dispatch'
import { fieldTypes } from '../../../worker/domain/service-fields'
import { PhoneLinks } from '../../components/CaseServices'
import { SelectField, TextField } from '../../components/Field'
import { AdminNav } from './AdminNav'
import { ListTable } from '../../components/ListTable'
import { roleLabel } from '../../../worker/domain/glossary'

const label = (record: Record<string, string>, key: string) => record[key] ?? key

export function VehiclesPage(props: { vehicles: VehicleWithCrew[] }) {
  return (
    <>
      <AdminNav current="/admin/vehicles" />
      <h1>Kendaraan dan awak</h1>
      <p>
        <a class="btn" href="/admin/vehicles/new">
          Tambah kendaraan
        </a>
      </p>
      <ListTable headings={['Kendaraan', 'Jenis', 'Awak', 'Status']}>
        {props.vehicles.map((v) => (
          <tr>
            <td>
              <a href={`/admin/vehicles/${v.id}`}>{v.name}</a> ({v.plate})
            </td>
            <td>{label(vehicleKinds, v.kind)}</td>
            <td>{v.crew.map((c) => c.displayName).join(', ') || '—'}</td>
            <td>{v.active ? 'Aktif' : <span class="badge">Tidak aktif</span>}</td>
          </tr>
        ))}
      </ListTable>
    </>
  )
}

export function VehicleFormPage(props: { vehicle?: VehicleWithCrew; values: FormValues; crewIds: number[]; candidates: { id: number; displayName: string; role: string }[]; errors: FieldErrors }) {
  const v = props.values
  const editing = props.vehicle
  return (
    <>
      <AdminNav current="/admin/vehicles" />
      <h1>{editing ? `Kendaraan ${editing.name}` : 'Tambah kendaraan'}</h1>
      <form method="post" action={editing ? `/admin/vehicles/${editing.id}` : '/admin/vehicles'}>
        <TextField name="name" label="Nama" value={v.name ?? ''} errors={props.errors} required maxlength={80} hint="Mis. TRC 1, Ambulans Pos Selatan." />
        <TextField name="plate" label="Nomor polisi" value={v.plate ?? ''} errors={props.errors} required maxlength={14} />
        <SelectField name="kind" label="Jenis" value={v.kind ?? 'trc'} errors={props.errors} options={Object.entries(vehicleKinds)} />
        <TextField name="base" label="Pos / tempat siaga" value={v.base ?? ''} errors={props.errors} maxlength={80} />
        <SelectField name="active" label="Status" value={v.active ?? '1'} errors={props.errors} options={[['1', 'Aktif'], ['0', 'Tidak aktif (bengkel, dll.)']]} />
        <fieldset>
          <legend>Awak (mencatat berangkat, tiba, selesai)</legend>
          {props.errors.crew && <p class="error">{props.errors.crew}</p>}
          {props.candidates.map((u) => (
            <div class="field check">
              <input type="checkbox" id={`crew-${u.id}`} name="crew" value={String(u.id)} checked={props.crewIds.includes(u.id)} />
              <label for={`crew-${u.id}`}>
                {u.displayName} <span class="muted">({roleLabel(u.role)})</span>
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Simpan</button>
      </form>
    </>
  )
}

export function KelurahanContactsPage(props: {
  kelurahan: { code: string; name: string }[]
  selected: string
  contacts: { id: number; role: string; name: string; phone: string; unit: string | null }[]
  values: FormValues
  errors: FieldErrors
}) {
  return (
    <>
      <AdminNav current="/admin/kelurahan-contacts" />
      <h1>Kontak koordinasi kelurahan</h1>
      <form method="get" action="/admin/kelurahan-contacts" class="filters">
        <SelectField name="kelurahan" idSuffix="pick" label="Kelurahan" value={props.selected} errors={{}} options={props.kelurahan.map((k): [string, string] => [k.code, k.name])} />
        <button type="submit">Tampilkan</button>
      </form>
      {props.contacts.length === 0 && <p class="muted">Belum ada kontak.</p>}
      <ul class="cards">
        {props.contacts.map((ct) => (
          <li class="card">
            <div class="card-head">
              <span>{ct.name}</span>
              <span class="muted">
                {label(contactRoles, ct.role)} {ct.unit ?? ''}
              </span>
            </div>
            <PhoneLinks phone={ct.phone} />
            <form method="post" action={`/admin/kelurahan-contacts/${ct.id}/delete`}>
              <button type="submit" class="btn secondary">
                Hapus
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Tambah kontak</h2>
      <form method="post" action="/admin/kelurahan-contacts">
        <input type="hidden" name="kelurahan" value={props.selected} />
        <SelectField name="role" label="Jabatan" required placeholder="— pilih —" value={props.values.role ?? ''} errors={props.errors} options={Object.entries(contactRoles)} />
        <TextField name="name" label="Nama" required value={props.values.name ?? ''} errors={props.errors} maxlength={120} />
        <TextField name="phone" label="HP / WhatsApp" type="tel" required value={props.values.phone ?? ''} errors={props.errors} />
        <TextField name="unit" label="RT / RW (untuk ketua RT/RW)" value={props.values.unit ?? ''} errors={props.errors} maxlength={40} hint="Mis. RT 03 / RW 12" />
        {props.errors.kelurahan && <p class="error">{props.errors.kelurahan}</p>}
        <button type="submit">Tambah</button>
      </form>
    </>
  )
}

export function SheltersPage(props: { shelters: { id: number; name: string; stayLimitDays: number; active: boolean }[]; values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <AdminNav current="/admin/shelters" />
      <h1>Rumah singgah</h1>
      <p>Batas lama tinggal dihitung dalam hari kalender sejak tanggal masuk; penghuni yang melewatinya tampil terlambat.</p>
      {props.shelters.map((s) => (
        <form method="post" action={`/admin/shelters/${s.id}`} class="filters">
          <TextField name="name" idSuffix={String(s.id)} label="Nama" value={s.name} errors={{}} required maxlength={80} />
          <TextField name="stay_limit_days" idSuffix={String(s.id)} label="Batas (hari)" type="number" value={String(s.stayLimitDays)} errors={{}} required inputmode="numeric" />
          <SelectField name="active" idSuffix={String(s.id)} label="Status" value={s.active ? '1' : '0'} errors={{}} options={[['1', 'Aktif'], ['0', 'Tidak aktif']]} />
          <button type="submit">Simpan</button>
        </form>
      ))}
      <h2>Tambah rumah singgah</h2>
      <form method="post" action="/admin/shelters" class="filters">
        <TextField name="name" label="Nama" value={props.values.name ?? ''} errors={props.errors} required maxlength={80} />
        <TextField name="stay_limit_days" label="Batas (hari)" type="number" value={props.values.stay_limit_days ?? '7'} errors={props.errors} required inputmode="numeric" />
        <button type="submit">Tambah</button>
      </form>
    </>
  )
}

export function ServiceFieldsIndexPage(props: { categories: { id: number; name: string; count: number }[] }) {
  return (
    <>
      <AdminNav current="/admin/service-fields" />
      <h1>Isian tambahan per kategori</h1>
      <p>Kategori layanan (SI LARAS MANIS, ambulans) dapat meminta isian tambahan pada kasus. Target waktunya diatur di menu Kategori.</p>
      <ul class="plain">
        {props.categories.map((c) => (
          <li>
            <a href={`/admin/service-fields/${c.id}`}>{c.name}</a> <span class="muted">· {c.count} isian</span>
          </li>
        ))}
      </ul>
    </>
  )
}

export function ServiceFieldsPage(props: { category: { id: number; name: string }; text: string; error?: string }) {
  return (
    <>
      <AdminNav current="/admin/service-fields" />
      <h1>Isian tambahan: {props.category.name}</h1>
      <form method="post" action={`/admin/service-fields/${props.category.id}`}>
        <div class="field">
          <label for="f-fields">Satu isian per baris</label>
          <textarea id="f-fields" name="fields" class="tall" aria-describedby="h-fields" aria-invalid={props.error ? 'true' : undefined}>
            {props.text}
          </textarea>
          <div class="hint" id="h-fields">
            Format: <code>kunci | Label | jenis | wajib/opsional | pilihan1, pilihan2</code>. Jenis: {fieldTypes.join(', ')}. Kosongkan untuk tanpa isian tambahan.
          </div>
          {props.error && <p class="error">{props.error}</p>}
        </div>
        <button type="submit">Simpan</button>
      </form>
    </>
  )
}
