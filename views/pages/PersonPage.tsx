import type { PersonDetail } from '../../worker/db/queries/people'
import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { formatDate, formatDateTime } from '../../worker/domain/format'
import { labelOf, sexes, statusLabel } from '../../worker/domain/glossary'
import { dischargeReasons, documentStatuses, documentSteps } from '../../worker/domain/shelter'
import { SelectField, TextArea, TextField } from '../components/Field'
import { CandidateFacts, type CandidateView } from '../components/PersonCandidates'

export type PersonPageProps = {
  detail: PersonDetail
  zone: string
  canEdit: boolean
  candidates: CandidateView[]
  message?: { kind: 'ok' | 'bad'; text: string }
  /** A refused form: which one, what was typed, and why. */
  failed?: { form: 'edit' | 'merge' | 'photo'; values: FormValues; errors: FieldErrors }
  photosEnabled: boolean
}

const entries = (record: Record<string, string>) => Object.entries(record) as [string, string][]

/** The identity form's values from the stored person, or what was typed into a refused one. */
function editValues(props: PersonPageProps): FormValues {
  if (props.failed?.form === 'edit') return props.failed.values
  const p = props.detail.person
  return {
    version: String(p.version), name: p.name, identity_known: p.identityKnown ? '1' : '', aliases: p.aliases ?? '', nik: p.nik ?? '', birth_date: p.birthDate ?? '',
    age: '', sex: p.sex, origin: p.origin ?? '', family_contacts: p.familyContacts ?? '', features: p.features ?? '',
  }
}

/**
 * A person across reports (issue 23): identity, everything recorded about them that the viewer may
 * read (cases, sightings, shelter stays, identity documents), the records merged into them, and the
 * people who may be the same, each with a merge the staff decide on.
 */
export function PersonPage(props: PersonPageProps) {
  const { person: p, cases, stays, documents, sightings, merges, mergedPeople } = props.detail
  const edit = editValues(props)
  const editErrors = props.failed?.form === 'edit' ? props.failed.errors : {}
  const mergeErrors = props.failed?.form === 'merge' ? props.failed.errors : {}
  const ticketOf = (caseId: number) => cases.find((k) => k.id === caseId)?.ticket ?? '—'
  return (
    <>
      {props.message && (
        <div class={props.message.kind === 'ok' ? 'notice' : 'notice bad'} role={props.message.kind === 'ok' ? 'status' : 'alert'}>
          {props.message.text}
        </div>
      )}
      <h1>
        {p.name} {!p.identityKnown && <span class="badge">identitas belum diketahui</span>}
      </h1>
      {props.detail.known.photo && <img class="person-photo" src={`/cases/${props.detail.known.photo.caseId}/photos/${props.detail.known.photo.id}`} alt={`Foto ${p.name}`} width="240" />}
      {props.canEdit && props.photosEnabled && (
        <form method="post" action={`/people/${p.id}/photo`} enctype="multipart/form-data" id="person-photo">
          <label for="f-photo">{props.detail.known.photo ? 'Ganti foto' : 'Foto orang'}</label>
          <input type="file" id="f-photo" name="photo" accept="image/jpeg,image/png,image/webp" capture="environment" />
          {props.failed?.form === 'photo' && <p class="error">{props.failed.errors.photo}</p>}
          <button type="submit" class="secondary">
            Simpan foto
          </button>
        </form>
      )}
      <dl class="facts">
        <dt>NIK</dt>
        <dd>{p.nik ?? '—'}</dd>
        <dt>Nama lain</dt>
        <dd>{[p.aliases, ...mergedPeople.map((m) => m.name)].filter(Boolean).join('; ') || '—'}</dd>
        <dt>Lahir</dt>
        <dd>{p.birthDate ? formatDate(Date.parse(`${p.birthDate}T12:00:00Z`), 'UTC') : p.birthYear ? `sekitar ${p.birthYear}` : '—'}</dd>
        <dt>Jenis kelamin</dt>
        <dd>{labelOf(sexes, p.sex)}</dd>
        <dt>Asal</dt>
        <dd>{p.origin ?? '—'}</dd>
        <dt>Kontak keluarga</dt>
        <dd>{p.familyContacts ?? '—'}</dd>
        <dt>Ciri-ciri</dt>
        <dd class="pre">{p.features ?? '—'}</dd>
      </dl>

      <h2>Kasus</h2>
      <ul id="person-cases">
        {cases.map((k) => (
          <li>
            <a href={`/cases/${k.id}`}>{k.ticket}</a> · {statusLabel(k.status)} · {formatDate(k.receivedAt, props.zone)} · {k.categoryName} · {k.kelurahanName}, {k.address} · dilaporkan sebagai “{k.personName}”
            {props.canEdit && cases.length > 1 && (
              <form method="post" action={`/people/${p.id}/split`} class="inline">
                <input type="hidden" name="case" value={String(k.id)} />
                <button type="submit" class="secondary">
                  Bukan orang ini: pisahkan
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>

      <h2>Penampakan</h2>
      {sightings.length === 0 ? (
        <p class="muted">Belum ada laporan penampakan.</p>
      ) : (
        <ul>
          {sightings.map((s) => (
            <li>
              {formatDateTime(s.at, props.zone)} · {s.kelurahanName}, {s.address} · pelapor {s.reporterName} · kasus {ticketOf(s.caseId)}: {s.description}
            </li>
          ))}
        </ul>
      )}

      <h2>Tinggal di shelter</h2>
      {stays.length === 0 ? (
        <p class="muted">Belum pernah.</p>
      ) : (
        <ul id="person-stays">
          {stays.map((s) => (
            <li>
              {s.shelterName} · masuk {formatDate(s.admittedAt, props.zone)}
              {s.dischargedAt ? ` · keluar ${formatDate(s.dischargedAt, props.zone)} (${labelOf(dischargeReasons, s.dischargeReason ?? '')})` : ' · masih tinggal'} · kasus {ticketOf(s.caseId)}
            </li>
          ))}
        </ul>
      )}

      <h2>Dokumen identitas</h2>
      {documents.length === 0 ? (
        <p class="muted">Belum ada langkah.</p>
      ) : (
        <ul>
          {documents.map((d) => (
            <li>
              {labelOf(documentSteps, d.step)}: {labelOf(documentStatuses, d.status)} · {formatDate(d.updatedAt, props.zone)} · kasus {ticketOf(d.caseId)}
            </li>
          ))}
        </ul>
      )}

      {merges.length > 0 && (
        <>
          <h2>Penggabungan</h2>
          <ul id="person-merges">
            {merges.map((m) => (
              <li>
                {formatDateTime(m.at, props.zone)} · {m.intoPersonId === p.id ? `catatan #${m.fromPersonId} digabung ke sini` : `digabung ke catatan #${m.intoPersonId}`} oleh {m.actorName ?? '—'}: {m.reason}
                {m.undoneAt ? (
                  ` · dibatalkan ${formatDateTime(m.undoneAt, props.zone)}`
                ) : (
                  props.canEdit && m.intoPersonId === p.id && (
                    <form method="post" action={`/people/merges/${m.id}/undo`} class="inline">
                      <button type="submit" class="secondary">
                        Batalkan penggabungan
                      </button>
                    </form>
                  )
                )}
              </li>
            ))}
          </ul>
        </>
      )}

      {props.canEdit && (
        <>
          <h2>Mungkin orang yang sama</h2>
          {props.candidates.length === 0 ? (
            <p class="muted">Tidak ada catatan lain yang mirip.</p>
          ) : (
            <form method="post" action={`/people/${p.id}/merge`} id="merge-form">
              <p class="hint">Gabungkan hanya bila yakin; penggabungan dicatat dan dapat dibatalkan. Kasus orang yang dipilih pindah ke catatan ini.</p>
              {mergeErrors.into && <p class="error">{mergeErrors.into}</p>}
              {props.candidates.map((c) => (
                <div class="candidate">
                  <label>
                    <input type="radio" name="into" value={String(c.person.id)} checked={props.failed?.form === 'merge' && props.failed.values.into === String(c.person.id)} /> gabungkan
                  </label>{' '}
                  <CandidateFacts candidate={c} zone={props.zone} />
                </div>
              ))}
              <TextField name="reason" label="Alasan" value={props.failed?.form === 'merge' ? (props.failed.values.reason ?? '') : ''} errors={mergeErrors} required maxlength={500} />
              <button type="submit">Gabungkan</button>
            </form>
          )}

          <h2>Ubah identitas</h2>
          <form method="post" action={`/people/${p.id}`} id="person-edit">
            <input type="hidden" name="version" value={edit.version} />
            {editErrors.version && <p class="error">{editErrors.version}</p>}
            <div class="grid">
              <TextField name="name" label="Nama, atau sebutan sementara" value={edit.name ?? ''} errors={editErrors} required maxlength={200} />
              <TextField name="aliases" label="Nama lain / panggilan" value={edit.aliases ?? ''} errors={editErrors} maxlength={300} />
              <TextField name="nik" label="NIK" inputmode="numeric" value={edit.nik ?? ''} errors={editErrors} maxlength={24} hint="Mengisi NIK menetapkan identitas." />
              <TextField name="birth_date" label="Tanggal lahir" type="date" value={edit.birth_date ?? ''} errors={editErrors} />
              <TextField name="age" label="Atau perkiraan umur (tahun)" inputmode="numeric" value={edit.age ?? ''} errors={editErrors} maxlength={3} />
              <SelectField name="sex" label="Jenis kelamin" value={edit.sex ?? ''} options={entries(sexes)} errors={editErrors} required />
              <TextField name="origin" label="Daerah asal" value={edit.origin ?? ''} errors={editErrors} maxlength={200} />
              <TextField name="family_contacts" label="Kontak keluarga" value={edit.family_contacts ?? ''} errors={editErrors} maxlength={500} />
            </div>
            <TextArea name="features" label="Ciri-ciri" value={edit.features ?? ''} errors={editErrors} maxlength={1000} />
            <div class="field">
              <label>
                <input type="checkbox" name="identity_known" value="1" checked={edit.identity_known === '1'} /> Identitas sudah diketahui
              </label>
            </div>
            <button type="submit">Simpan identitas</button>
          </form>
        </>
      )}
    </>
  )
}
