import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { contactRoles, dispatchStatuses, vehicleKinds, type DispatchStatus } from '../../worker/domain/dispatch'
import { phoneForWhatsApp } from '../../worker/domain/phone'
import type { ServiceField } from '../../worker/domain/service-fields'
import { formatDateTime } from '../../worker/domain/format'
import { SelectField, TextArea, TextField } from './Field'
import { GuestLinks, type GuestLinksProps } from './GuestLinks'

export type ServicesMessage = { kind: 'ok' | 'bad'; text: string }

export type CaseServicesProps = {
  caseId: number
  kelurahanName: string
  contacts: { id: number; role: string; name: string; phone: string; unit: string | null }[]
  fields: ServiceField[]
  values: Record<string, string> | null
  canEditDetails: boolean
  dispatches: { id: number; status: string; destination: string | null; dispatchedAt: number; vehicleName: string; plate: string }[]
  /** Free vehicles, only for roles that may dispatch. */
  freeVehicles?: { id: number; name: string; plate: string; kind: string }[]
  canCancel: boolean
  shelterLink: boolean
  guestLinks: GuestLinksProps
  message?: ServicesMessage
  failed?: { form: 'details' | 'dispatch'; values: FormValues; errors: FieldErrors }
  zone: string
}

const label = (record: Record<string, string>, key: string) => record[key] ?? key

/** Call and WhatsApp links for one number: one tap on a phone. */
export function PhoneLinks(props: { phone: string }) {
  return (
    <span class="contact">
      <a class="btn secondary" href={`tel:${props.phone}`}>
        Telepon {props.phone}
      </a>{' '}
      <a class="btn secondary" href={`https://wa.me/${phoneForWhatsApp(props.phone)}`} rel="noopener noreferrer" target="_blank">
        WhatsApp
      </a>
    </span>
  )
}

/** One extra field of a service category, named `x_<key>` so it cannot clash with the form's own. */
export function ServiceFieldInput(props: { field: ServiceField; value: string; errors: FieldErrors }) {
  const { field } = props
  const common = { name: `x_${field.key}`, label: field.label, errors: props.errors, required: field.required, value: props.value }
  if (field.type === 'paragraf') return <TextArea {...common} maxlength={2000} />
  if (field.type === 'pilihan') return <SelectField {...common} placeholder="— pilih —" options={(field.options ?? []).map((o): [string, string] => [o, o])} />
  return <TextField {...common} type={field.type === 'tanggal' ? 'date' : field.type === 'telepon' ? 'tel' : 'text'} maxlength={200} />
}

/** The case page's services: kelurahan contacts, the category's extra fields, vehicles, the shelter link. */
export function CaseServices(p: CaseServicesProps) {
  const failedDetails = p.failed?.form === 'details' ? p.failed : undefined
  const failedDispatch = p.failed?.form === 'dispatch' ? p.failed : undefined
  return (
    <section class="services" id="case-services">
      {p.message && (
        <div class={`notice${p.message.kind === 'bad' ? ' bad' : ''}`} role={p.message.kind === 'bad' ? 'alert' : 'status'}>
          {p.message.text}
        </div>
      )}
      <h2>Kontak koordinasi {p.kelurahanName}</h2>
      {p.contacts.length === 0 ? (
        <p class="muted">Belum ada kontak lurah, Babinsa, Bhabinkamtibmas atau RT/RW untuk kelurahan ini.</p>
      ) : (
        <ul class="cards">
          {p.contacts.map((ct) => (
            <li class="card">
              <div class="card-head">
                <span>{ct.name}</span>
                <span class="muted">
                  {label(contactRoles, ct.role)}
                  {ct.unit && ` ${ct.unit}`}
                </span>
              </div>
              <PhoneLinks phone={ct.phone} />
            </li>
          ))}
        </ul>
      )}
      <GuestLinks {...p.guestLinks} />

      {p.fields.length > 0 && (
        <>
          <h2>Rincian layanan</h2>
          {p.values && (
            <dl class="facts">
              {p.fields.map((f) => (
                <>
                  <dt>{f.label}</dt>
                  <dd>{p.values![f.key] || '—'}</dd>
                </>
              ))}
            </dl>
          )}
          {p.canEditDetails && (
            <details class="action" open={Boolean(failedDetails) || !p.values}>
              <summary>{p.values ? 'Ubah rincian layanan' : 'Isi rincian layanan'}</summary>
              <form method="post" action={`/cases/${p.caseId}/service-details`}>
                {p.fields.map((f) => (
                  <ServiceFieldInput field={f} value={failedDetails?.values[`x_${f.key}`] ?? p.values?.[f.key] ?? ''} errors={failedDetails?.errors ?? {}} />
                ))}
                <button type="submit">Simpan rincian</button>
              </form>
            </details>
          )}
        </>
      )}

      <h2>Kendaraan</h2>
      {p.dispatches.length === 0 && <p class="muted">Belum ada kendaraan dikirim untuk kasus ini.</p>}
      <ul class="plain" id="case-dispatches">
        {p.dispatches.map((d) => (
          <li>
            <strong>{d.vehicleName}</strong> ({d.plate}) · <span class="badge">{label(dispatchStatuses, d.status)}</span> · {formatDateTime(d.dispatchedAt, p.zone)}
            {d.destination && <div class="muted">Tujuan: {d.destination}</div>}
            {p.canCancel && (['dikirim', 'berangkat', 'tiba'] as DispatchStatus[]).includes(d.status as DispatchStatus) && (
              <form method="post" action={`/dispatches/${d.id}/cancel`} class="inline">
                <button type="submit" class="btn secondary">
                  Batalkan pengiriman
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {p.freeVehicles &&
        (p.freeVehicles.length === 0 ? (
          <p class="notice warn">Tidak ada kendaraan yang bebas saat ini. Lihat <a href="/dispatch">papan kendaraan</a>.</p>
        ) : (
          <form method="post" action={`/cases/${p.caseId}/dispatch`} class="dispatch-form">
            <SelectField
              name="vehicle"
              label="Kendaraan yang bebas"
              required
              placeholder="— pilih kendaraan —"
              value={failedDispatch?.values.vehicle ?? ''}
              errors={failedDispatch?.errors ?? {}}
              options={p.freeVehicles.map((v): [string, string] => [String(v.id), `${v.name} (${v.plate}) · ${label(vehicleKinds, v.kind)}`])}
            />
            <TextField name="destination" label="Tujuan / catatan untuk awak" value={failedDispatch?.values.destination ?? ''} errors={failedDispatch?.errors ?? {}} maxlength={300} />
            <button type="submit">Kirim kendaraan</button>
          </form>
        ))}

      {p.shelterLink && (
        <p>
          <a class="btn secondary" href={`/cases/${p.caseId}/shelter`}>
            Rumah singgah, asesmen & reunifikasi
          </a>
        </p>
      )}
    </section>
  )
}

/** One tap per free vehicle of the kind the report asks for: the car leaves while the caller is on the line. */
export function QuickDispatch(props: { caseId: number; vehicles: { id: number; name: string; plate: string; kind: string }[] }) {
  return (
    <section class="quick-dispatch" id="quick-dispatch">
      <h2>Kirim kendaraan sekarang</h2>
      {props.vehicles.length === 0 ? (
        <p class="notice warn">
          Tidak ada kendaraan yang cocok dan bebas saat ini. Lihat <a href="/dispatch">papan kendaraan</a>.
        </p>
      ) : (
        props.vehicles.map((v) => (
          <form method="post" action={`/cases/${props.caseId}/dispatch`} class="inline">
            <input type="hidden" name="vehicle" value={String(v.id)} />
            <button type="submit" class="big">
              Kirim {v.name} ({v.plate})
            </button>
          </form>
        ))
      )}
    </section>
  )
}
