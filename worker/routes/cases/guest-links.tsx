import { Hono } from 'hono'
import { whatsappChannel } from '../../alerts/whatsapp'
import { listKelurahanContacts } from '../../db/queries/dispatch'
import { createGuestLink, revokeGuestLink } from '../../db/queries/guest-links'
import { contactRoles } from '../../domain/dispatch'
import { formatDateTime } from '../../domain/format'
import { labelOf } from '../../domain/glossary'
import { canSendGuestLink, guestLinkExpiresAt, guestLinkMessage, guestLinkRoles, parseGuestLinkRequest } from '../../domain/guest-link'
import { phoneForWhatsApp } from '../../domain/phone'
import type { AppEnv } from '../../env'
import { casePage, loadCase } from '../../pages/case'
import { requireRole } from '../../security/middleware'
import { randomToken, sha256Hex } from '../../security/tokens'

/** Guest links for a case's kelurahan contacts (issue 24), mounted at /cases. */
export const caseGuestLinks = new Hono<AppEnv>()

caseGuestLinks.post('/:id{[0-9]+}/guest-links', requireRole(...guestLinkRoles), async (c) => {
  const detail = await loadCase(c)
  const k = detail.case
  if (!canSendGuestLink(k.status)) return casePage(c, detail, { status: 409, services: { message: { kind: 'bad', text: 'Tautan hanya dikirim untuk kasus yang masih terbuka.' } } })
  const contacts = await listKelurahanContacts(c.var.db, k.kelurahanCode)
  const parsed = parseGuestLinkRequest(await c.req.parseBody().catch(() => ({})), new Set(contacts.map((ct) => ct.id)))
  if (!parsed.ok) return casePage(c, detail, { status: 422, services: { message: { kind: 'bad', text: 'Tautan belum dibuat. Periksa isian yang ditandai.' }, guest: { failed: { values: parsed.values, errors: parsed.errors } } } })
  const contact = contacts.find((ct) => ct.id === parsed.value.contactId)!
  const now = c.var.clock.now()
  const token = randomToken()
  const expiresAt = guestLinkExpiresAt(now)
  const who = `${labelOf(contactRoles, contact.role)} ${contact.name}`
  const created = await createGuestLink(c.var.db, { caseId: k.id, ...parsed.value, tokenHash: await sha256Hex(token), actorId: c.var.user!.id, now, expiresAt, eventNote: `${who}: ${parsed.value.ask}` })
  // The token exists only in this answer: a second submit of the same form cannot show it again.
  if (!created) return casePage(c, detail, { status: 409, services: { message: { kind: 'bad', text: 'Tautan dari formulir ini sudah dibuat. Bila belum terkirim, cabut lalu buat yang baru.' } } })
  const url = `${c.var.config.origin}/tamu/${token}`
  const agency = (await c.var.reference.get()).settings.get('agency.name') ?? 'Dinas Sosial'
  const until = formatDateTime(expiresAt, c.var.config.zone)
  const text = guestLinkMessage({ agency, contactName: contact.name, ticket: k.ticket, ask: parsed.value.ask, url, until })
  const sentByApi = c.var.config.alerts.whatsapp ? await sendByCloudApi(c.var.config.alerts.whatsapp, { phone: contact.phone, name: contact.name, key: parsed.value.idem, title: `Permintaan bantuan ${agency}, laporan ${k.ticket}`, detail: `${parsed.value.ask} (berlaku sampai ${until})`, url, text }) : false
  const waHref = `https://wa.me/${phoneForWhatsApp(contact.phone)}?text=${encodeURIComponent(text)}`
  return casePage(c, await loadCase(c), { status: 200, services: { guest: { created: { url, contactName: who, waHref, sentByApi } } } })
})

/** The deployment's WhatsApp Business template (title, detail, link); false when it did not go, so staff send it by hand. */
async function sendByCloudApi(config: NonNullable<AppEnv['Variables']['config']['alerts']['whatsapp']>, m: { phone: string; name: string; key: string; title: string; detail: string; url: string; text: string }) {
  const outcome = await whatsappChannel(config).send({
    key: `tamu-${m.key}`,
    recipient: { name: m.name, phone: m.phone, email: null, push: [] },
    alert: { id: 0, kind: 'tautan_tamu', caseId: null, rung: null, urgent: false },
    message: { title: m.title, detail: m.detail, text: m.text, link: m.url, templateParams: [m.title, m.detail, m.url] },
  })
  return outcome.ok
}

caseGuestLinks.post('/:id{[0-9]+}/guest-links/:linkId{[0-9]+}/revoke', requireRole(...guestLinkRoles), async (c) => {
  const detail = await loadCase(c)
  const revoked = await revokeGuestLink(c.var.db, { caseId: detail.case.id, linkId: Number(c.req.param('linkId')), actorId: c.var.user!.id, now: c.var.clock.now() })
  if (!revoked) return casePage(c, detail, { status: 409, services: { message: { kind: 'bad', text: 'Tautan ini sudah tidak berlaku.' } } })
  return c.redirect(`/cases/${detail.case.id}?done=guest-revoke#guest-links`, 303)
})
