import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { alertPreferences, alerts, auditLog, digests, outbox } from '../../worker/db/schema'
import { sweep } from '../../worker/jobs/sweep'
import { createTestApp, kelurahanA } from '../support/app'
import { insertCase } from '../support/cases'

const zone = 'Asia/Pontianak'

describe('alerts inbox', () => {
  it('shows the unread count on every page and opens the case from the alert in one tap', async () => {
    const t = await createTestApp({ now: '2026-11-24T06:00:00+07:00' })
    const supervisor = await t.addUser('supervisor')
    const kase = await insertCase(t.db, { now: t.clock.now(), hoursAgo: 25 })
    await sweep(t.db, t.clock.now(), { zone })
    const cookie = await t.cookieFor(supervisor)

    const list = await (await t.request('/cases', { cookie })).text()
    expect(list).toMatch(/class="bell"[^>]*>[\s\S]*?<span class="count">1<\/span>/)

    const inbox = await t.request('/alerts', { cookie })
    expect(inbox.status).toBe(200)
    const html = await inbox.text()
    expect(html).toContain(`Kasus ${kase.ticket} melewati target (tingkat 1)`)
    const [alert] = await t.db.select().from(alerts)
    expect(html).toContain(`action="/alerts/${alert!.id}/open"`)

    const open = await t.request(`/alerts/${alert!.id}/open`, { cookie, method: 'POST' })
    expect(open.status).toBe(303)
    expect(open.headers.get('Location')).toBe(`/cases/${kase.id}`)
    expect((await t.request(open.headers.get('Location')!, { cookie })).status).toBe(200)
    expect(await (await t.request('/cases', { cookie })).text()).not.toContain('<span class="count">')
  })

  it("does not open another person's alert", async () => {
    const t = await createTestApp({ now: '2026-11-24T06:00:00+07:00' })
    const supervisor = await t.addUser('supervisor')
    await insertCase(t.db, { now: t.clock.now(), hoursAgo: 25 })
    await sweep(t.db, t.clock.now(), { zone })
    const [alert] = await t.db.select().from(alerts).where(eq(alerts.userId, supervisor.id))
    const intruder = await t.addUser('kepala')
    const res = await t.request(`/alerts/${alert!.id}/open`, { cookie: await t.cookieFor(intruder), method: 'POST' })
    expect(res.status).toBe(404)
  })

  it('lets an Asisten open a case escalated to rung 3', async () => {
    const t = await createTestApp({ now: '2026-11-24T06:00:00+07:00' })
    const asisten = await t.addUser('asisten')
    const kase = await insertCase(t.db, { now: t.clock.now(), hoursAgo: 100 })
    await sweep(t.db, t.clock.now(), { zone })
    const [alert] = await t.db.select().from(alerts).where(eq(alerts.userId, asisten.id))
    expect(alert).toMatchObject({ rung: 3, kind: 'eskalasi' })
    const cookie = await t.cookieFor(asisten)
    const open = await t.request(`/alerts/${alert!.id}/open`, { cookie, method: 'POST' })
    expect((await t.request(open.headers.get('Location')!, { cookie })).status).toBe(200)
    expect(open.headers.get('Location')).toBe(`/cases/${kase.id}`)
  })
})

describe('alert settings', () => {
  it('saves the channels on offer and quiet hours, and refuses a malformed time with the typed values', async () => {
    const t = await createTestApp({ config: { alerts: { whatsapp: null, whatsappWebhook: null, email: null, smtp: null, webhook: { url: 'http://127.0.0.1:9/hook', secret: 'x'.repeat(32) } } } })
    const user = await t.addUser('supervisor')
    const cookie = await t.cookieFor(user)
    const form = await (await t.request('/alerts/settings', { cookie })).text()
    expect(form).toContain('name="webhook"')
    expect(form).not.toContain('name="whatsapp"')

    const bad = await t.request('/alerts/settings', { cookie, form: { webhook: '1', quiet_start: '25:00', quiet_end: '06:00' } })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('value="25:00"')
    expect(html).toContain('format JJ:MM')

    const ok = await t.request('/alerts/settings', { cookie, form: { webhook: '1', whatsapp: '1', quiet_start: '21:00', quiet_end: '06:00' } })
    expect(ok.status).toBe(303)
    const [prefs] = await t.db.select().from(alertPreferences).where(eq(alertPreferences.userId, user.id))
    // WhatsApp is not configured here, so it cannot be switched on.
    expect(prefs).toMatchObject({ webhook: true, whatsapp: false, email: false, quietStart: '21:00', quietEnd: '06:00' })
  })
})

describe('alert settings set by an admin for someone else', () => {
  it("saves a Kepala Dinas's channels and quiet hours from the user page, audited with before and after; bad input comes back typed", async () => {
    const t = await createTestApp({ config: { alerts: { whatsapp: null, whatsappWebhook: null, email: null, smtp: null, webhook: { url: 'http://127.0.0.1:9/hook', secret: 'x'.repeat(32) } } } })
    const kepala = await t.addUser('kepala')
    const admin = await t.addUser('admin')
    const cookie = await t.cookieFor(admin)
    expect(await (await t.request(`/admin/users/${kepala.id}`, { cookie })).text()).toContain(`href="/admin/users/${kepala.id}/alerts"`)
    const form = await (await t.request(`/admin/users/${kepala.id}/alerts`, { cookie })).text()
    expect(form).toContain(`action="/admin/users/${kepala.id}/alerts"`)
    expect(form).toContain(`Pengaturan pemberitahuan: ${kepala.displayName}`)

    const bad = await t.request(`/admin/users/${kepala.id}/alerts`, { cookie, form: { webhook: '1', quiet_start: '21:00', quiet_end: '' } })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('value="21:00"')
    expect(html).toContain('Isi jam mulai dan selesai')
    expect(await t.db.select().from(alertPreferences)).toEqual([])

    const ok = await t.request(`/admin/users/${kepala.id}/alerts`, { cookie, form: { webhook: '1', quiet_start: '22:00', quiet_end: '05:30' } })
    expect(ok.status).toBe(303)
    expect(await t.db.select().from(alertPreferences)).toEqual([{ userId: kepala.id, whatsapp: false, email: false, webhook: true, push: false, quietStart: '22:00', quietEnd: '05:30' }])
    // The admin's own settings are untouched, and the change is on the audit log under the admin's name.
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.user.alert_preferences'))
    expect(entry).toMatchObject({ actorId: admin.id })
    expect(JSON.parse(entry!.detail!)).toMatchObject({ user: kepala.id, before: { webhook: false, quietStart: null }, after: { webhook: true, quietStart: '22:00', quietEnd: '05:30' } })
  })
})

describe('daily digest', () => {
  it('goes once per local day after 07:00 to supervisors and the Kepala Dinas, with the figures', async () => {
    const t = await createTestApp({ now: '2026-11-24T06:55:00+07:00' })
    const supervisor = await t.addUser('supervisor')
    const kepala = await t.addUser('kepala')
    await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    await t.db.insert(alertPreferences).values({ userId: kepala.id, webhook: true })
    const now = t.clock.now()
    // Due yesterday: one handled in time, one late, one still open.
    await insertCase(t.db, { now, hoursAgo: 40, status: 'selesai', resolvedAt: now - 30 * 3_600_000 })
    await insertCase(t.db, { now, hoursAgo: 40, status: 'selesai', resolvedAt: now - 2 * 3_600_000 })
    await insertCase(t.db, { now, hoursAgo: 40 })
    await insertCase(t.db, { now, hoursAgo: 1 })

    expect((await sweep(t.db, now, { zone, channels: ['webhook'] })).digest).toBeNull()
    t.clock.set('2026-11-24T07:00:00+07:00')
    const [first, second] = [await sweep(t.db, t.clock.now(), { zone, channels: ['webhook'] }), await sweep(t.db, t.clock.now(), { zone, channels: ['webhook'] })]
    expect([first.digest, second.digest]).toEqual(['2026-11-24', null])
    t.clock.set('2026-11-24T23:55:00+07:00')
    expect((await sweep(t.db, t.clock.now(), { zone })).digest).toBeNull()

    const digestAlerts = await t.db.select({ userId: alerts.userId }).from(alerts).where(eq(alerts.kind, 'ringkasan'))
    expect(digestAlerts.map((a) => a.userId).sort()).toEqual([supervisor.id, kepala.id].sort())
    const [digest] = await t.db.select().from(digests)
    expect(JSON.parse(digest!.figures)).toMatchObject({ day: '2026-11-24', open: 2, overdue: 1, dueYesterday: 3, handledWithinTarget: 1, handledPercent: 33 })
    const queued = await t.db.select().from(outbox).innerJoin(alerts, eq(alerts.id, outbox.alertId)).where(eq(alerts.kind, 'ringkasan'))
    expect(queued.map((q) => q.alerts.userId)).toEqual([kepala.id])

    const page = await t.request('/alerts/digest/2026-11-24', { cookie: await t.cookieFor(kepala) })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Ringkasan harian 24 November 2026')
    // What needs attention, per holder: the one late open case nobody holds yet.
    expect(html).toMatch(/Perlu perhatian per pemegang<\/h2>\s*<table>.*<td>Belum ditugaskan<\/td>\s*<td>1<\/td>/s)
  })
})
