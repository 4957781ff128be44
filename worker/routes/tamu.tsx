import { Hono, type Context } from 'hono'
import { GuestGonePage, GuestPage } from '../../views/pages/GuestPages'
import { enabledChannels } from '../config'
import { auditGuestOpen, findGuestLink, guestAnswersOf, recordGuestAnswer, type GuestView } from '../db/queries/guest-links'
import { countRequests } from '../db/queries/public'
import { contactRoles } from '../domain/dispatch'
import { labelOf } from '../domain/glossary'
import { guestAnswerNote, guestLinkState, parseGuestAnswer } from '../domain/guest-link'
import { maxPhotoBytes } from '../domain/photo'
import { checkQuota, quotas } from '../domain/quota'
import type { AppEnv } from '../env'
import { page } from '../render'
import { limitBody } from '../security/body-limit'
import { randomToken, sha256Hex } from '../security/tokens'
import { readPublicPhoto } from '../storage/upload'

/** A kelurahan contact's guest link (issue 24): no account, the token is the whole capability. */
export const tamu = new Hono<AppEnv>()

const token = '/:token{[A-Za-z0-9_-]{43}}'

// The page names a case and carries a form key: never cached, never indexed, never sent on as a referrer.
function privatePage(c: Context) {
  c.header('Cache-Control', 'no-store')
  c.header('X-Robots-Tag', 'noindex')
  c.header('Referrer-Policy', 'no-referrer')
}

/** The link behind the URL's token when it still works; otherwise the same "no longer valid" page for unknown, expired and revoked. */
async function workingLink(c: Context<AppEnv>): Promise<GuestView | Response> {
  privatePage(c)
  const now = c.var.clock.now()
  const [counted] = await countRequests(c.var.db, [{ key: `tamu:addr:${c.var.clientAddress(c)}`, windowMs: quotas.guestPerAddress.windowMs }], now)
  const allowed = checkQuota(counted!, quotas.guestPerAddress, now)
  if (!allowed.allowed) {
    c.header('Retry-After', String(allowed.retryAfterSeconds))
    return page(c, 'Terlalu banyak permintaan', <p>Terlalu banyak permintaan dari perangkat ini. Coba lagi beberapa menit lagi.</p>, { status: 429 })
  }
  const link = await findGuestLink(c.var.db, await sha256Hex(c.req.param('token')!))
  if (!link || guestLinkState(link, now) !== 'active') return page(c, 'Tautan tidak berlaku', <GuestGonePage />, { status: 404 })
  return link
}

function guestPage(c: Context<AppEnv>, link: GuestView, answers: Awaited<ReturnType<typeof guestAnswersOf>>, form: { values: Record<string, string>; errors: Record<string, string> }, status: 200 | 413 | 422 | 429 = 200) {
  return page(
    c,
    `Permintaan bantuan ${link.ticket}`,
    <GuestPage action={c.req.path} link={link} answers={answers} zone={c.var.config.zone} values={form.values} errors={form.errors} photos={Boolean(c.var.photos)} saved={c.req.query('ok') === '1'} />,
    { status },
  )
}

tamu.get(token, async (c) => {
  const link = await workingLink(c)
  if (link instanceof Response) return link
  // Every open is audited: the page shows where a vulnerable person is (UU PDP Pasal 31).
  const [answers] = await Promise.all([guestAnswersOf(c.var.db, link.id), auditGuestOpen(c.var.db, link, c.var.clock.now())])
  return guestPage(c, link, answers, { values: { idem: randomToken() }, errors: {} })
})

// Two short fields need far less than 16 KB; the optional photo adds at most maxPhotoBytes (as /lapor).
const answerBodyLimit = limitBody(16 * 1024 + maxPhotoBytes, (c) => c.text('Kiriman terlalu besar.', 413))

tamu.post(token, answerBodyLimit, async (c) => {
  const link = await workingLink(c)
  if (link instanceof Response) return link
  const now = c.var.clock.now()
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, string | File>)
  const parsed = parseGuestAnswer(body)
  const photo = await readPublicPhoto(c.var.photos, body.foto)
  if (!parsed.ok || (photo && !photo.ok)) {
    const values = parsed.ok ? { answer: parsed.value.answer, note: parsed.value.note ?? '', idem: parsed.value.idem } : parsed.values
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(photo && !photo.ok ? { foto: photo.message } : {}) }
    return guestPage(c, link, await guestAnswersOf(c.var.db, link.id), { values, errors }, 422)
  }
  const [counted] = await countRequests(c.var.db, [{ key: `tamu:link:${link.id}`, windowMs: quotas.guestAnswersPerLink.windowMs }], now)
  const allowed = checkQuota(counted!, quotas.guestAnswersPerLink, now)
  if (!allowed.allowed) {
    c.header('Retry-After', String(allowed.retryAfterSeconds))
    return guestPage(c, link, await guestAnswersOf(c.var.db, link.id), { values: { ...parsed.value, note: parsed.value.note ?? '' }, errors: { form: 'Jawaban lewat tautan ini sudah terlalu banyak hari ini. Hubungi petugas Dinas Sosial.' } }, 429)
  }
  const stored = photo?.ok && c.var.photos ? { storageKey: `cases/${link.caseId}/${randomToken().slice(0, 32)}.${photo.ext}`, contentType: photo.type, size: photo.bytes.length, bytes: photo.bytes } : undefined
  if (stored) await c.var.photos!.put(stored.storageKey, stored.bytes, stored.contentType)
  const recorded = await recordGuestAnswer(c.var.db, {
    linkId: link.id,
    caseId: link.caseId,
    answer: parsed.value.answer,
    eventNote: guestAnswerNote({ contactName: link.contactName, roleLabel: labelOf(contactRoles, link.contactRole) }, parsed.value.answer, parsed.value.note),
    idem: parsed.value.idem,
    now,
    run: `tamu:${randomToken()}`,
    channels: enabledChannels(c.var.config.alerts),
    photo: stored,
  })
  // A double submit stored nothing the second time: the answer is in, so it is told the same.
  if (!recorded && stored) await c.var.photos!.delete(stored.storageKey)
  return c.redirect(`${c.req.path}?ok=1`, 303)
})
