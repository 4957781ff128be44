import { operatorChannels } from '../../worker/domain/case'
import { ageGroups, channels, dtksStatuses, relations, sexes, urgencies } from '../../worker/domain/glossary'
import type { FieldErrors, FormValues } from '../../worker/domain/form'
import type { ServiceField } from '../../worker/domain/service-fields'
import { ServiceFieldInput } from '../components/CaseServices'
import { SelectField, TextArea, TextField } from '../components/Field'
import { IntakeCandidates, type CandidateView } from '../components/PersonCandidates'
import { WaMessageList } from '../components/WaMessages'
import { formatDateTime } from '../../worker/domain/format'
import { isStoredPhoto, type WaMessage } from '../../worker/domain/wa-inbox'

/** The conversation a report is made from (issue 21): shown above the form, its photos kept with the case. */
export type IntakeWhatsapp = { conversationId: number; sender: string; firstMessageAt: number; messages: WaMessage[]; zone: string }

export type IntakeOptions = { kelurahan: [string, string][]; categories: [string, string][] }

/** The chosen category's own fields, shown in the form (issue 17); `prompt`: the second step without JavaScript. */
export type IntakeService = { categoryId: string; fields: ServiceField[]; prompt?: boolean }

// A new category brings its own fields at once (the whole form goes along, so typed values stay).
const serviceFieldsSwap = { 'hx-post': '/intake/service-fields', 'hx-target': '#service-fields' }

// POST, not GET: a NIK must not end up in URLs and access logs.
const duplicateCheck = { 'hx-post': '/intake/duplicates', 'hx-trigger': 'change', 'hx-include': '#f-person_nik, #f-reporter_phone', 'hx-target': '#duplicates' }

// Who this report is about, looked up as the operator types: person, place and problem (issue 23).
const candidateCheck = { 'hx-post': '/intake/candidates', 'hx-trigger': 'change', 'hx-target': '#candidates' }

const entries = (record: Record<string, string>) => Object.entries(record) as [string, string][]

/** The operator's intake form, top to bottom in the order of a phone call; works without JavaScript. */
export function IntakePage(props: { values: FormValues; errors: FieldErrors; options: IntakeOptions; service?: IntakeService; unavailable?: boolean; candidates?: CandidateView[]; zone?: string; whatsapp?: IntakeWhatsapp }) {
  const { values: v, errors, whatsapp: wa } = props
  const hasErrors = Object.keys(errors).length > 0
  return (
    <>
      <h1>{wa ? 'Laporan baru dari WhatsApp' : 'Laporan baru'}</h1>
      {wa && <WhatsappSource source={wa} />}
      {hasErrors && (
        <div class="notice bad" role="alert">
          Laporan belum tersimpan. Perbaiki isian yang ditandai; semua yang sudah diketik tetap ada.
        </div>
      )}
      {errors.idem && <div class="notice bad">{errors.idem}</div>}
      {props.unavailable && (
        <div class="notice bad" role="alert">
          Basis data tidak dapat dihubungi, laporan BELUM tersimpan. Semua isian tetap di sini; kirim ulang sebentar lagi (laporan tidak akan tercatat dua kali).
        </div>
      )}
      <form method="post" action={wa ? `/inbox/${wa.conversationId}/case` : '/intake'} data-draft={wa ? undefined : 'intake'} novalidate>
        <p class="notice warn" data-draft-note hidden>
          Isian yang belum terkirim dipulihkan dari peramban ini.
        </p>
        <input type="hidden" name="idem" value={v.idem} />
        <fieldset>
          <legend>Pelapor</legend>
          <div class="grid">
            <TextField name="reporter_name" label="Nama pelapor" value={v.reporter_name!} errors={errors} required maxlength={100} extra={{ autofocus: '' }} />
            <TextField
              name="reporter_phone"
              label="Nomor HP pelapor"
              type="tel"
              inputmode="tel"
              value={v.reporter_phone!}
              errors={errors}
              required="sometimes"
              hint="Wajib untuk laporan lewat Telepon atau WhatsApp. Contoh: 0812 3456 7890"
              extra={duplicateCheck}
            />
            <SelectField name="reporter_relation" label="Hubungan dengan orang yang dilaporkan" value={v.reporter_relation!} options={entries(relations)} placeholder="— pilih —" errors={errors} required />
            {wa ? (
              <p>
                <input type="hidden" name="channel" value="whatsapp" />
                Saluran: <strong>{channels.whatsapp}</strong>
              </p>
            ) : (
              <SelectField name="channel" label="Saluran" value={v.channel!} options={operatorChannels.map((c) => [c, channels[c]])} errors={errors} required />
            )}
          </div>
        </fieldset>
        <div {...candidateCheck}>
        <fieldset>
          <legend>Orang yang perlu dibantu</legend>
          <div class="grid">
            <TextField name="person_name" label="Nama atau ciri-ciri" value={v.person_name!} errors={errors} required maxlength={200} hint="Bila nama tidak diketahui, tulis ciri-cirinya." />
            <TextField
              name="person_nik"
              label="NIK (bila ada)"
              inputmode="numeric"
              value={v.person_nik!}
              errors={errors}
              maxlength={24}
              extra={duplicateCheck}
            />
            <SelectField name="person_age_group" label="Kelompok umur" value={v.person_age_group!} options={entries(ageGroups)} errors={errors} required />
            <SelectField name="person_sex" label="Jenis kelamin" value={v.person_sex!} options={entries(sexes)} errors={errors} required />
            <TextField name="person_age" label="Perkiraan umur (tahun)" inputmode="numeric" value={v.person_age ?? ''} errors={errors} maxlength={3} />
          </div>
          <div class="field">
            <input type="checkbox" id="f-person_unknown" name="person_unknown" value="1" checked={v.person_unknown === '1'} aria-describedby="h-person_unknown" />{' '}
            <label for="f-person_unknown">Identitas belum diketahui</label>
            <div class="hint" id="h-person_unknown">
              Tanpa KTP: nama di atas adalah sebutan sementara, mis. “Tn. X Pasar Flamboyan”.
            </div>
          </div>
          <TextArea name="person_features" label="Ciri-ciri (pakaian, rambut, tanda lahir, bekas luka, cara bicara)" value={v.person_features ?? ''} errors={errors} maxlength={1000} />
          <div id="duplicates" aria-live="polite"></div>
        </fieldset>
        <fieldset>
          <legend>Lokasi</legend>
          <div class="grid">
            <TextField
              name="kelurahan_q"
              label="Cari kelurahan"
              type="search"
              value=""
              errors={errors}
              hint="Ketik sebagian nama untuk menyaring daftar. Pelapor tidak tahu? Pilih “Belum diketahui” di akhir daftar dan isi patokan."
              extra={{ 'hx-get': '/intake/kelurahan', 'hx-trigger': 'input changed delay:200ms', 'hx-target': '#f-kelurahan', 'hx-include': '#f-kelurahan' }}
            />
            <SelectField name="kelurahan" label="Kelurahan" value={v.kelurahan!} options={props.options.kelurahan} placeholder="— pilih kelurahan —" errors={errors} required />
          </div>
          <TextField name="address" label="Alamat / lokasi" value={v.address!} errors={errors} required maxlength={300} />
          <div class="grid">
            <TextField name="rt" label="RT" inputmode="numeric" value={v.rt!} errors={errors} maxlength={3} />
            <TextField name="rw" label="RW" inputmode="numeric" value={v.rw!} errors={errors} maxlength={3} />
            <TextField name="landmark" label="Patokan" value={v.landmark!} errors={errors} maxlength={200} required="sometimes" hint="Wajib bila kelurahan belum diketahui." />
          </div>
        </fieldset>
        <fieldset>
          <legend>Permasalahan</legend>
          <div class="grid">
            <SelectField name="category" label="Kategori" value={v.category!} options={props.options.categories} placeholder="— pilih kategori —" errors={errors} required extra={serviceFieldsSwap} />
            <SelectField name="urgency" label="Urgensi" value={v.urgency!} options={entries(urgencies)} errors={errors} required />
            <SelectField name="dtks_status" label="Status DTKS" value={v.dtks_status!} options={entries(dtksStatuses)} errors={errors} required />
          </div>
          <div id="service-fields">{props.service && <IntakeServiceFields service={props.service} values={v} errors={errors} />}</div>
          <TextArea name="description" label="Uraian" value={v.description!} errors={errors} required maxlength={4000} />
        </fieldset>
        </div>
        {errors.link && <p class="error">{errors.link}</p>}
        <div id="candidates" aria-live="polite">
          {props.candidates && <IntakeCandidates candidates={props.candidates} chosen={v.link ?? ''} zone={props.zone ?? 'UTC'} prompt />}
        </div>
        <button type="submit">Simpan laporan</button>
      </form>
    </>
  )
}

/** The conversation above the form: what the sender wrote, and what goes with the case. */
function WhatsappSource(props: { source: IntakeWhatsapp }) {
  const s = props.source
  const photos = s.messages.filter(isStoredPhoto).length
  return (
    <details class="wa-source" open>
      <summary>
        Pesan WhatsApp dari {s.sender}, pesan pertama {formatDateTime(s.firstMessageAt, s.zone)}
      </summary>
      <p class="hint">
        Target penanganan dihitung sejak pesan pertama.{photos > 0 && ` ${photos} foto ikut disimpan sebagai foto kasus.`} Pesan ini terlampir pada kasus setelah disimpan.
      </p>
      <WaMessageList conversationId={s.conversationId} messages={s.messages} zone={s.zone} />
      <p>
        <a href={`/inbox/${s.conversationId}`}>Kembali ke percakapan</a>
      </p>
    </details>
  )
}

/**
 * The category's own fields inside the intake form; also the htmx fragment on a category change.
 * `service_fields_for` tells the server they were on screen, so a form sent without them (no
 * JavaScript, category just chosen) comes back once with them instead of being saved.
 */
export function IntakeServiceFields(props: { service: IntakeService; values: FormValues; errors: FieldErrors }) {
  const { service } = props
  if (service.fields.length === 0) return <></>
  return (
    <section class="intake-service" aria-labelledby="intake-service-title">
      <input type="hidden" name="service_fields_for" value={service.categoryId} />
      <h3 id="intake-service-title">Rincian layanan</h3>
      <p class="hint">Tanyakan yang diketahui pelapor; sisanya dapat dilengkapi di halaman kasus.</p>
      {service.prompt && (
        <p class="notice warn" role="status">
          Laporan belum disimpan: kategori ini punya rincian layanan. Isi yang diketahui pelapor di sini, lalu tekan <strong>Simpan laporan</strong> lagi. Isian lain tetap ada.
        </p>
      )}
      <div class="grid">
        {service.fields.map((f) => (
          <ServiceFieldInput field={f} value={props.values[`x_${f.key}`] ?? ''} errors={props.errors} />
        ))}
      </div>
    </section>
  )
}

/** Warning shown (as an htmx fragment) when open cases exist for the same NIK or phone. */
export function DuplicateWarning(props: { cases: { id: number; ticket: string; status: string; personName: string }[] }) {
  if (props.cases.length === 0) return <></>
  return (
    <div class="notice warn" role="status">
      <strong>Mungkin sudah dilaporkan.</strong> Ada kasus terbuka dalam 30 hari terakhir dengan NIK atau nomor HP yang sama:
      <ul>
        {props.cases.map((k) => (
          <li>
            <a href={`/cases/${k.id}`}>{k.ticket}</a> · {k.personName} · {k.status}
          </li>
        ))}
      </ul>
      Periksa dulu sebelum menyimpan laporan baru.
    </div>
  )
}
