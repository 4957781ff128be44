import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ConversationPage, InboxPage, type ConversationForms } from '../../views/pages/InboxPage'
import { IntakePage } from '../../views/pages/IntakePage'
import { repliesToReporters } from '../config'
import { audit } from '../db/queries/audit'
import { listReporterReplies } from '../db/queries/reporter-messages'
import { findCaseByTicket } from '../db/queries/handling'
import { attachConversation, findConversation, findMessageMedia, listInbox, rejectConversation, storedPhotoKeys } from '../db/queries/whatsapp-desk'
import { caseScopeOf } from '../domain/access'
import { openStatuses, type CaseStatus } from '../domain/case'
import { closedReasonOf, intakeValuesOf, parseAttach, parseReject } from '../domain/wa-inbox'
import { waNoteOf } from '../domain/whatsapp'
import type { AppEnv } from '../env'
import { page, privateFile } from '../render'
import { requireRole } from '../security/middleware'
import { blankForm, formOptions, submitIntake, type WhatsappIntake } from '../pages/intake'

/**
 * "Pesan masuk" (issue 21): reports that came by WhatsApp wait here until an operator makes a case
 * of them, attaches them to a case, or turns them away. Who takes reports by phone takes these.
 */
export const inbox = new Hono<AppEnv>()
inbox.use('*', requireRole('operator', 'supervisor', 'admin'))

inbox.get('/', async (c) => {
  const { conversations, messages, handled } = await listInbox(c.var.db)
  const waiting = conversations.map((w) => ({ ...w, messages: messages.filter((m) => m.conversationId === w.id) }))
  const done = c.req.query('ditolak') === '1' ? 'Tersimpan: pesan ditolak, pengirim diberi tahu.' : undefined
  return page(c, 'Pesan masuk', <InboxPage waiting={waiting} handled={handled} now={c.var.clock.now()} zone={c.var.config.zone} message={done} />)
})

const idOf = (c: Context<AppEnv>, name: string) => {
  const id = Number(c.req.param(name))
  if (!Number.isSafeInteger(id)) throw new HTTPException(404)
  return id
}

/** The conversation of the address; its messages are personal data, so every read is audited. */
async function readConversation(c: Context<AppEnv>, detail: string) {
  const found = await findConversation(c.var.db, idOf(c, 'id'))
  if (!found) throw new HTTPException(404, { message: 'Percakapan tidak ditemukan.' })
  await audit(c.var.db, { actorId: c.var.user!.id, now: c.var.clock.now() }, 'wa_conversation.read', `wa=${found.conversation.id} ${detail}`, found.conversation.caseId)
  return found
}

const blankForms = (): ConversationForms => ({ attach: { values: {}, errors: {} }, reject: { values: {}, errors: {} } })

async function conversationPage(c: Context<AppEnv>, forms = blankForms(), status: 200 | 422 = 200) {
  const { conversation, messages } = await readConversation(c, 'page')
  const replies = await listReporterReplies(c.var.db, { conversationId: conversation.id, caseId: conversation.caseId })
  const props = { conversation, messages, replies, now: c.var.clock.now(), zone: c.var.config.zone, forms }
  return page(c, 'Pesan WhatsApp', <ConversationPage {...props} />, { status })
}

inbox.get('/:id{[0-9]+}', (c) => conversationPage(c))

// A photo or voice note of a conversation: for the desk only, audited, never cached.
inbox.get('/:id{[0-9]+}/media/:messageId{[0-9]+}', async (c) => {
  const conversationId = idOf(c, 'id')
  const media = await findMessageMedia(c.var.db, conversationId, idOf(c, 'messageId'))
  const stored = media && c.var.photos ? await c.var.photos.get(media.key) : null
  if (!media || !stored) throw new HTTPException(404, { message: 'Berkas tidak ditemukan.' })
  await audit(c.var.db, { actorId: c.var.user!.id, now: c.var.clock.now() }, 'wa_media.read', `wa=${conversationId} m=${c.req.param('messageId')}`)
  return privateFile(c, media.mime, stored.bytes)
})

/** What a report made from this conversation needs: the view above the form, its first message, its photos with their sizes. */
async function whatsappIntake(c: Context<AppEnv>, detail: string) {
  const { conversation, messages } = await readConversation(c, detail)
  if (conversation.status !== 'baru') return { waiting: false as const, conversation }
  const photos: WhatsappIntake['photos'] = []
  for (const p of await storedPhotoKeys(c.var.db, conversation.id)) {
    // The size was recorded when the photo was stored; only older photos are read to learn it.
    const size = p.size ?? (p.key && c.var.photos ? (await c.var.photos.get(p.key))?.bytes.length : undefined)
    if (size !== undefined) photos.push({ messageId: p.id, size })
  }
  const view = { conversationId: conversation.id, sender: `+${conversation.sender}`, firstMessageAt: conversation.firstMessageAt, messages, zone: c.var.config.zone }
  const from: WhatsappIntake = { view, conversationId: conversation.id, receivedAt: conversation.firstMessageAt, photos }
  return { waiting: true as const, conversation, messages, from }
}

const handledAddress = (k: { id: number; caseId: number | null }) => (k.caseId !== null ? `/cases/${k.caseId}` : `/inbox/${k.id}`)

inbox.get('/:id{[0-9]+}/case', async (c) => {
  const found = await whatsappIntake(c, 'form')
  if (!found.waiting) return c.redirect(handledAddress(found.conversation), 303)
  const ref = await c.var.reference.get()
  const values = intakeValuesOf(found.conversation, found.messages, blankForm())
  return page(c, 'Laporan baru', <IntakePage values={values} errors={{}} options={formOptions(ref)} whatsapp={found.from.view} />)
})

inbox.post('/:id{[0-9]+}/case', async (c) => {
  const found = await whatsappIntake(c, 'save')
  const body = await c.req.parseBody()
  // Already a case (the same form sent twice, or another operator was first): that case.
  if (!found.waiting) return c.redirect(handledAddress(found.conversation), 303)
  return submitIntake(c, body, found.from)
})

inbox.post('/:id{[0-9]+}/attach', async (c) => {
  const body = await c.req.parseBody()
  const input = parseAttach(body)
  const forms = blankForms()
  if (!input.ok) return conversationPage(c, { ...forms, attach: input }, 422)
  const kase = await findCaseByTicket(c.var.db, caseScopeOf(c.var.user!), input.value.ticket)
  const refusal = !kase ? 'Tidak ada kasus dengan nomor tiket itu.' : !openStatuses.includes(kase.status as CaseStatus) ? 'Kasus itu sudah tidak terbuka; buat laporan baru.' : null
  if (!kase || refusal) return conversationPage(c, { ...forms, attach: { values: input.value, errors: { ticket: refusal! } } }, 422)
  const found = await whatsappIntake(c, 'attach')
  if (!found.waiting) return c.redirect(handledAddress(found.conversation), 303)
  const notes = found.messages.map((m) => ({ at: m.sentAt, note: waNoteOf(m).slice(0, 1000) }))
  const actor = { actorId: c.var.user!.id, now: c.var.clock.now() }
  await attachConversation(c.var.db, { conversationId: found.conversation.id, caseId: kase.id, photos: found.from.photos, notes, replies: repliesToReporters(c.var.config.alerts), ...actor })
  return c.redirect(`/cases/${kase.id}#timeline`, 303)
})

inbox.post('/:id{[0-9]+}/reject', async (c) => {
  const input = parseReject(await c.req.parseBody())
  if (!input.ok) return conversationPage(c, { ...blankForms(), reject: input }, 422)
  const conversationId = idOf(c, 'id')
  const { reason, note } = input.value
  const rejected = await rejectConversation(c.var.db, { conversationId, actorId: c.var.user!.id, now: c.var.clock.now(), closedReason: closedReasonOf(reason, note), reasonCode: reason, replies: repliesToReporters(c.var.config.alerts) })
  if (rejected) return c.redirect('/inbox?ditolak=1', 303)
  // Handled meanwhile (or sent twice): where it went.
  const found = await findConversation(c.var.db, conversationId)
  if (!found) throw new HTTPException(404, { message: 'Percakapan tidak ditemukan.' })
  return c.redirect(handledAddress(found.conversation), 303)
})
