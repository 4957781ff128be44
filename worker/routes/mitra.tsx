import { Hono, type Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { HTTPException } from 'hono/http-exception'
import { PartnerCasePage, PartnerCasesPage } from '../../views/pages/PartnerPages'
import { parsePartnerAnswer, partnerAnswers } from '../domain/transitions'
import { enabledChannels } from '../config'
import { audit } from '../db/queries/audit'
import { findPartnerCase, listPartnerCases, partnerAnswerHistory, partnerOfUser, partnerReminders, recordPartnerAnswer } from '../db/queries/partners'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'

// Pages a mitra user may open besides their own area: signing in and out, their password, 2FA.
const mitraOpen = ['/mitra', '/login', '/logout', '/account', '/2fa']

/** A mitra user gets 404 everywhere outside /mitra: whether anything else exists must not leak. */
export const confineMitra = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.var.user
  if (user?.role === 'mitra') {
    if (c.req.path === '/' && c.req.method === 'GET') return c.redirect('/mitra', 303)
    if (!mitraOpen.some((p) => c.req.path === p || c.req.path.startsWith(`${p}/`))) throw new HTTPException(404, { message: 'Halaman tidak ditemukan.' })
  }
  await next()
})

export const mitraRoutes = new Hono<AppEnv>()
mitraRoutes.use('*', requireRole('mitra'))

mitraRoutes.get('/', async (c) => {
  const partner = await partnerOfUser(c.var.db, c.var.user!.id)
  const [rows, reminders] = partner ? await Promise.all([listPartnerCases(c.var.db, partner.id), partnerReminders(c.var.db, c.var.user!.id)]) : [[], []]
  return page(c, 'Rujukan', <PartnerCasesPage partnerName={partner?.name ?? null} rows={rows} reminders={reminders} now={c.var.clock.now()} zone={c.var.config.zone} />)
})

/** The case as referred to the user's organisation; 404 when it never was (or the user has none). */
async function partnerCase(c: Context<AppEnv>) {
  const partner = await partnerOfUser(c.var.db, c.var.user!.id)
  const id = Number(c.req.param('id') ?? NaN)
  const kase = partner && Number.isSafeInteger(id) ? await findPartnerCase(c.var.db, partner.id, id) : undefined
  if (!partner || !kase) throw new HTTPException(404, { message: 'Kasus tidak ditemukan.' })
  return { partner, kase }
}

mitraRoutes.get('/cases/:id{[0-9]+}', async (c) => {
  const { kase } = await partnerCase(c)
  // Name, address and what is asked of the partner: a read of personal data (UU PDP Pasal 31).
  const [history] = await Promise.all([
    partnerAnswerHistory(c.var.db, kase.referral_id),
    audit(c.var.db, { actorId: c.var.user!.id, now: c.var.clock.now() }, 'referral.read', null, kase.case_id),
  ])
  return page(c, `Rujukan ${kase.ticket}`, <PartnerCasePage kase={kase} history={history} zone={c.var.config.zone} values={{}} errors={{}} saved={c.req.query('ok') === '1'} />)
})

mitraRoutes.post('/cases/:id{[0-9]+}/answer', async (c) => {
  const { partner, kase } = await partnerCase(c)
  const parsed = parsePartnerAnswer(await c.req.parseBody())
  if (!parsed.ok) {
    const history = await partnerAnswerHistory(c.var.db, kase.referral_id)
    return page(c, `Rujukan ${kase.ticket}`, <PartnerCasePage kase={kase} history={history} zone={c.var.config.zone} values={parsed.values} errors={parsed.errors} saved={false} />, { status: 422 })
  }
  const { answer, note } = parsed.value
  const eventNote = `${partner.name}: ${partnerAnswers[answer]}${note ? `. ${note}` : ''}`
  await recordPartnerAnswer(c.var.db, {
    partnerId: partner.id,
    referralId: kase.referral_id,
    caseId: kase.case_id,
    userId: c.var.user!.id,
    answer,
    note,
    eventNote,
    now: c.var.clock.now(),
    channels: enabledChannels(c.var.config.alerts),
  })
  return c.redirect(`/mitra/cases/${kase.case_id}?ok=1`, 303)
})
