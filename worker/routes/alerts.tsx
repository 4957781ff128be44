import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { AlertPage, AlertSettingsPage, DeliveriesPage, DigestPage, InboxPage } from '../../views/pages/AlertsPage'
import { parseFigures } from '../alerts/message'
import { enabledChannels } from '../config'
import { acknowledgeAlert, findAlert, findDigest, listAlerts, listTroubledDeliveries, loadPreferences, markAllRead, openAlert, retryDeadDelivery, savePreferences } from '../db/queries/alerts'
import { deleteSubscription, listSubscriptions, loadVapidKeys, saveSubscription } from '../db/queries/push'
import { listTroubledReporterMessages } from '../db/queries/reporter-messages'
import { alertSettingsValues, parseAlertSettings } from '../domain/alert-settings'
import { parseSubscription } from '../domain/push'
import { calendarDay, formatCalendarDay } from '../domain/format'
import type { AppEnv } from '../env'
import { page } from '../render'
import { requireRole } from '../security/middleware'

export const alertsRoutes = new Hono<AppEnv>()
alertsRoutes.use('*', requireRole('operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'))

alertsRoutes.get('/', async (c) => {
  const n = Number(c.req.query('page'))
  const pageNo = Number.isSafeInteger(n) && n > 0 && n < 10_000 ? n : 1
  const { rows, hasNext } = await listAlerts(c.var.db, c.var.user!.id, pageNo)
  return page(c, 'Pemberitahuan', <InboxPage rows={rows} hasNext={hasNext} page={pageNo} origin={c.var.config.origin} zone={c.var.config.zone} />)
})

// One tap from the alert to what it is about; a POST because it marks the alert read.
alertsRoutes.post('/:id{[0-9]+}/open', async (c) => {
  const opened = await openAlert(c.var.db, c.var.user!.id, Number(c.req.param('id')), c.var.clock.now())
  if (!opened) throw new HTTPException(404, { message: 'Pemberitahuan tidak ditemukan.' })
  if (opened.caseId !== null) return c.redirect(`/cases/${opened.caseId}`, 303)
  if (opened.digestDay) return c.redirect(`/alerts/digest/${opened.digestDay}`, 303)
  return c.redirect(opened.kind === 'gagal_kirim' && c.var.user!.role === 'admin' ? '/alerts/deliveries' : '/alerts', 303)
})

// Where an escalation's message leads: the case's context and the answer to give, one tap each.
alertsRoutes.get('/:id{[0-9]+}', async (c) => {
  const row = await findAlert(c.var.db, c.var.user!.id, Number(c.req.param('id')))
  if (!row) throw new HTTPException(404, { message: 'Pemberitahuan tidak ditemukan.' })
  return page(c, 'Pemberitahuan', <AlertPage row={row} origin={c.var.config.origin} zone={c.var.config.zone} />)
})

alertsRoutes.post('/:id{[0-9]+}/ack', async (c) => {
  const answer = (await c.req.parseBody()).answer
  if (answer !== 'dilihat' && answer !== 'ditangani') return c.redirect(`/alerts/${c.req.param('id')}`, 303)
  const alertId = Number(c.req.param('id'))
  await acknowledgeAlert(c.var.db, { userId: c.var.user!.id, alertId, answer, now: c.var.clock.now() })
  return c.redirect(`/alerts/${alertId}`, 303)
})

alertsRoutes.post('/read-all', async (c) => {
  await markAllRead(c.var.db, c.var.user!.id, c.var.clock.now())
  return c.redirect('/alerts', 303)
})

alertsRoutes.get('/digest/:day{\\d{4}-\\d{2}-\\d{2}}', requireRole('supervisor', 'kepala', 'admin', 'asisten', 'walikota'), async (c) => {
  const figures = parseFigures((await findDigest(c.var.db, c.req.param('day')))?.figures ?? null)
  if (!figures) throw new HTTPException(404, { message: 'Ringkasan tidak ditemukan.' })
  return page(c, `Ringkasan ${formatCalendarDay(calendarDay(figures.day))}`, <DigestPage figures={figures} />)
})

/** What the settings page shows besides the form: contacts, this person's push devices, the VAPID key. */
async function settingsContext(c: Context<AppEnv>) {
  const userId = c.var.user!.id
  const [{ phone, email, prefs }, devices, vapid] = await Promise.all([loadPreferences(c.var.db, userId), listSubscriptions(c.var.db, userId), loadVapidKeys(c.var.db)])
  return { prefs, phone, email, devices, vapidKey: vapid.publicKey, available: enabledChannels(c.var.config.alerts), zone: c.var.config.zone }
}

alertsRoutes.get('/settings', async (c) => {
  const { prefs, ...ctx } = await settingsContext(c)
  return page(c, 'Pengaturan pemberitahuan', <AlertSettingsPage values={alertSettingsValues(prefs)} errors={{}} {...ctx} saved={c.req.query('tersimpan') === '1'} />)
})

// The settings page's script sends this browser's subscription after the person allowed notifications.
alertsRoutes.post('/push', async (c) => {
  const sub = parseSubscription(await c.req.parseBody(), c.var.config.production)
  if (!sub) return c.text('Langganan notifikasi tidak sah.', 422)
  await saveSubscription(c.var.db, c.var.user!.id, sub, c.var.clock.now())
  return c.body(null, 204)
})

alertsRoutes.post('/push/:id{[0-9]+}/delete', async (c) => {
  await deleteSubscription(c.var.db, c.var.user!.id, Number(c.req.param('id')))
  return c.redirect('/alerts/settings?tersimpan=1', 303)
})

alertsRoutes.post('/settings', async (c) => {
  const input = parseAlertSettings(await c.req.parseBody(), enabledChannels(c.var.config.alerts))
  if (!input.ok) {
    const { prefs: _, ...ctx } = await settingsContext(c)
    return page(c, 'Pengaturan pemberitahuan', <AlertSettingsPage values={input.values} errors={input.errors} {...ctx} saved={false} />, { status: 422 })
  }
  await savePreferences(c.var.db, c.var.user!.id, input.value)
  return c.redirect('/alerts/settings?tersimpan=1', 303)
})

alertsRoutes.get('/deliveries', requireRole('admin'), async (c) => {
  const [rows, replies] = await Promise.all([listTroubledDeliveries(c.var.db), listTroubledReporterMessages(c.var.db)])
  return page(c, 'Pengiriman bermasalah', <DeliveriesPage rows={rows} replies={replies} zone={c.var.config.zone} />)
})

alertsRoutes.post('/deliveries/:id{[0-9]+}/retry', requireRole('admin'), async (c) => {
  await retryDeadDelivery(c.var.db, Number(c.req.param('id')), c.var.clock.now())
  return c.redirect('/alerts/deliveries', 303)
})
