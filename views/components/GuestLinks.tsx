import type { GuestLinkRow } from '../../worker/db/queries/guest-links'
import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { contactRoles } from '../../worker/domain/dispatch'
import { formatDateTime } from '../../worker/domain/format'
import { labelOf } from '../../worker/domain/glossary'
import { guestLinkHours, guestLinkState } from '../../worker/domain/guest-link'
import { SelectField, TextArea } from './Field'

/** A link just made: shown once (only its hash is kept), with the WhatsApp message ready to send. */
export type CreatedGuestLink = { url: string; contactName: string; waHref: string; sentByApi: boolean }

export type GuestLinksProps = {
  caseId: number
  rows: GuestLinkRow[]
  /** Contacts a link may go to; undefined when the viewer may not send links (or the case is closed). */
  contacts?: { id: number; role: string; name: string; unit: string | null }[]
  idem: string
  now: number
  zone: string
  created?: CreatedGuestLink
  failed?: { values: FormValues; errors: FieldErrors }
}

const stateLabel = { active: 'Berlaku', expired: 'Kedaluwarsa', revoked: 'Dicabut' } as const

/** Guest links of a case (issue 24): who got one, until when, answers; send a new one; revoke. */
export function GuestLinks(p: GuestLinksProps) {
  if (p.rows.length === 0 && !p.contacts) return null
  return (
    <div id="guest-links">
      <h3>Tautan untuk kontak kelurahan</h3>
      {p.created && (
        <div class="notice ok" role="status">
          <p>
            Tautan untuk {p.created.contactName} dibuat{p.created.sentByApi ? ' dan sudah dikirim lewat WhatsApp' : ''}. Tautan ini hanya tampil sekali:
          </p>
          <p>
            <input type="text" readonly value={p.created.url} aria-label="Tautan untuk kontak" class="mono" />
          </p>
          {!p.created.sentByApi && (
            <p>
              <a class="btn" href={p.created.waHref} rel="noopener noreferrer" target="_blank">
                Kirim lewat WhatsApp
              </a>
            </p>
          )}
        </div>
      )}
      {p.rows.length > 0 && (
        <ul class="plain">
          {p.rows.map((r) => {
            const state = guestLinkState(r, p.now)
            return (
              <li>
                <strong>
                  {labelOf(contactRoles, r.contactRole)} {r.contactName}
                </strong>{' '}
                · <span class="badge">{stateLabel[state]}</span> · dikirim {formatDateTime(r.createdAt, p.zone)}
                {r.createdByName && ` oleh ${r.createdByName}`} · {r.answers > 0 ? `${r.answers} jawaban` : 'belum dijawab'}
                <div class="muted">{r.ask}</div>
                {state === 'active' && p.contacts && (
                  <form method="post" action={`/cases/${p.caseId}/guest-links/${r.id}/revoke`} class="inline">
                    <button type="submit" class="btn secondary">
                      Cabut tautan
                    </button>
                  </form>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {p.contacts &&
        (p.contacts.length === 0 ? null : (
          <details class="action" open={Boolean(p.failed)}>
            <summary>Kirim tautan ke kontak</summary>
            <form method="post" action={`/cases/${p.caseId}/guest-links`}>
              <input type="hidden" name="idem" value={p.idem} />
              <SelectField
                name="contact"
                label="Kontak"
                required
                placeholder="— pilih kontak —"
                value={p.failed?.values.contact ?? ''}
                errors={p.failed?.errors ?? {}}
                options={p.contacts.map((ct): [string, string] => [String(ct.id), `${ct.name} · ${labelOf(contactRoles, ct.role)}${ct.unit ? ` ${ct.unit}` : ''}`])}
              />
              <TextArea
                name="ask"
                label="Yang diminta"
                required
                value={p.failed?.values.ask ?? ''}
                errors={p.failed?.errors ?? {}}
                maxlength={500}
                hint={`Kontak melihat nomor tiket, kategori, RT/RW dan patokan, tanpa nama atau NIK. Tautan berlaku ${guestLinkHours} jam.`}
              />
              <button type="submit">Buat tautan</button>
            </form>
          </details>
        ))}
    </div>
  )
}
