// Issue 20: with the default configuration plus a browser that allowed notifications and the
// agency's own mail server, each manager receives each rung's alert once, where they are.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { generate } from 'selfsigned'
import { SMTPServer } from 'smtp-server'
import { afterAll, describe, expect, it } from 'vitest'
import { readAlertConfig } from '../../worker/config'
import { smtpMailer } from '../../worker/alerts/smtp'
import { alerts as alertsTable, caseEvents, categories, kelurahan, pushSubscriptions, users } from '../../worker/db/schema'
import { runSweep } from '../../worker/jobs/run'
import { createTestApp, kelurahanA } from '../support/app'
import { insertCase } from '../support/cases'
import { startPushService } from '../support/push-service'

const dir = mkdtempSync(join(tmpdir(), 'sigap-mail-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The agency's mail server: STARTTLS with its own certificate, sign-in required, every message kept. */
async function startMailServer() {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }] })
  const caFile = join(dir, 'mail-ca.pem')
  writeFileSync(caFile, pems.cert)
  const received: { to: string[]; raw: string; secure: boolean }[] = []
  const server = new SMTPServer({
    key: pems.private,
    cert: pems.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth: (auth, _session, done) => (auth.username === 'sigap' && auth.password === 'sandi surat' ? done(null, { user: 'sigap' }) : done(new Error('Invalid username or password'))),
    onData: (stream, session, done) => {
      let raw = ''
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, secure: session.secure })
        done()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as { port: number }).port
  return { received, caFile, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** A mail body as a person reads it: quoted-printable soft breaks joined and escapes decoded. */
const bodyOf = (raw: string) =>
  Buffer.from(raw.split(/\r?\n\r?\n/).slice(1).join('\n').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')

describe('managers receive the alerts where they are', () => {
  it('sends each rung once by the agency mail server and by Web Push, with the case context and no personal data', async () => {
    const mail = await startMailServer()
    const push = await startPushService()
    try {
      const alerts = readAlertConfig({ SIGAP_SMTP_URL: `smtp://sigap:sandi%20surat@localhost:${mail.port}`, SIGAP_EMAIL_FROM: 'Sigap <sigap@dinsos.example.go.id>', SIGAP_SMTP_CA_FILE: mail.caFile }, false)
      const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00', config: { alerts } })
      const supervisor = await t.addUser('supervisor')
      await t.db.update(users).set({ email: 'manajer.slrt@dinsos.example.go.id' }).where(eq(users.id, supervisor.id))
      const supervisorCookie = await t.cookieFor(supervisor)
      const settings = await t.request('/alerts/settings', { cookie: supervisorCookie, form: { email: '1' } })
      expect(settings.status).toBe(303)

      // The Kepala Dinas allows notifications once, on their phone: the page's script posts the subscription.
      const kepala = await t.addUser('kepala')
      const phone = push.subscribe()
      const subscribed = await t.request('/alerts/push', { cookie: await t.cookieFor(kepala), form: { endpoint: phone.endpoint, p256dh: phone.p256dh, auth: phone.auth, device: 'Mozilla/5.0 (Linux; Android 13) Chrome/131.0 Mobile Safari/537.36' } })
      expect(subscribed.status).toBe(204)

      const fasilitator = await t.addUser('fasilitator')
      const kase = await insertCase(t.db, { now: t.clock.now(), hoursAgo: 1, assignedTo: fasilitator.id })
      const mailer = smtpMailer(alerts.smtp!)
      // Hour by hour over five days, as the scheduler would (every five minutes changes nothing more).
      for (let hour = 0; hour < 120; hour++) {
        await runSweep(t.db, t.config, t.clock.now(), push.fetch, undefined, mailer)
        t.clock.advance({ hours: 1 })
      }

      const [names] = await Promise.all([
        t.db.select({ category: categories.name, kelurahan: kelurahan.name }).from(categories).innerJoin(kelurahan, eq(kelurahan.code, kelurahanA)).where(eq(categories.id, kase.categoryId)),
      ])
      const { category, kelurahan: kelurahanName } = names[0]!

      // The supervisor's rung (1: past target) by mail, over STARTTLS, once; and the 07:00 digest each day.
      const subjects = mail.received.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1])
      expect(subjects).toEqual([
        '[Sigap] Ringkasan harian 24 Nov 2026',
        '[Sigap] Ringkasan harian 25 Nov 2026',
        `[Sigap] Kasus ${kase.ticket} melewati target (tingkat 1)`,
        '[Sigap] Ringkasan harian 26 Nov 2026',
        '[Sigap] Ringkasan harian 27 Nov 2026',
        '[Sigap] Ringkasan harian 28 Nov 2026',
        '[Sigap] Ringkasan harian 29 Nov 2026',
      ])
      expect(mail.received.every((m) => m.secure && m.to.join() === 'manajer.slrt@dinsos.example.go.id')).toBe(true)
      const body = bodyOf(mail.received[2]!.raw)
      expect(body).toContain(category)
      expect(body).toContain(kelurahanName)
      expect(body).toMatch(new RegExp(`${t.config.origin}/alerts/\\d+`))
      // Who holds it and how late it was when the rung was reached (target 24 h, an hour-by-hour sweep).
      expect(body).toContain(`Pemegang: ${fasilitator.displayName}.`)
      expect(body).toMatch(/terlambat \d+ menit\./)

      // The 07:00 digest says what needs attention: on the 25th the case falls due today; on the 26th it
      // is late, the longest late, and yesterday's rung-1 escalation went to the supervisor.
      const digest25 = bodyOf(mail.received[1]!.raw)
      expect(digest25).toContain(`per kelurahan: ${kelurahanName} 0/1.`)
      expect(digest25).toContain(`Per pemegang: ${fasilitator.displayName} 0/1.`)
      const digest26 = bodyOf(mail.received[3]!.raw)
      expect(digest26).toContain(`per kelurahan: ${kelurahanName} 1/0.`)
      expect(digest26).toContain(`Paling lama: ${kase.ticket} ${kelurahanName} terlambat 23 jam.`)
      expect(digest26).toMatch(new RegExp(`Eskalasi kemarin: [^\\n]*${kase.ticket} tk 1 ke ${supervisor.displayName}`))
      expect(digest26).toContain('Target kemarin: 0 dari 1 tertangani tepat waktu (0%).')
      for (const text of [digest25, digest26]) expect(text.split('\n').length).toBeLessThanOrEqual(8)

      // The Kepala's rung (2: 24 hours past target) on the phone, once, decrypted as the browser would.
      expect(push.refused).toEqual([])
      const escalations = push.delivered.map((d) => d.payload as { title: string; url: string }).filter((p) => p.title.endsWith('(tingkat 2)'))
      const [kepalaAlert] = await t.db.select({ id: alertsTable.id }).from(alertsTable).where(and(eq(alertsTable.userId, kepala.id), eq(alertsTable.kind, 'eskalasi'), eq(alertsTable.rung, 2)))
      expect(escalations).toEqual([expect.objectContaining({ title: `Kasus ${kase.ticket} melewati target (tingkat 2)`, url: `${t.config.origin}/alerts/${kepalaAlert!.id}` })])
      const shown = JSON.stringify(escalations[0])
      expect(shown).toContain(category)
      // The rung before it, by name, so the Kepala knows whom to ask first; and the day it has been late.
      const pushed = escalations[0] as unknown as { body: string }
      expect(pushed.body).toContain(`Pemegang: ${fasilitator.displayName}.`)
      expect(pushed.body).toMatch(new RegExp(`Sudah diberi tahu: [^.]*${supervisor.displayName} \\(tingkat 1\\)`))
      expect(pushed.body).toMatch(/terlambat 2\d jam( \d+ menit)?\./)
      // Messages leave the agency: no name of the person or the reporter (UU PDP).
      for (const text of [shown, body]) {
        expect(text).not.toContain('Orang')
        expect(text).not.toContain('Pelapor')
      }
    } finally {
      await mail.close()
      await push.close()
    }
  }, 60_000)

  it('drops a subscription the push service calls gone', async () => {
    const push = await startPushService()
    try {
      const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
      const kepala = await t.addUser('kepala')
      const cookie = await t.cookieFor(kepala)
      const [laptop, phone] = [push.subscribe(), push.subscribe()]
      for (const b of [laptop, phone]) expect((await t.request('/alerts/push', { cookie, form: { endpoint: b.endpoint, p256dh: b.p256dh, auth: b.auth, device: 'x' } })).status).toBe(204)
      push.expire(laptop.endpoint)
      await insertCase(t.db, { now: t.clock.now(), hoursAgo: 49 })
      await runSweep(t.db, t.config, t.clock.now(), push.fetch)
      // The rung-2 escalation and the day's digest, both to the phone only.
      expect(push.delivered.map((d) => d.endpoint)).toEqual([phone.endpoint, phone.endpoint])
      expect((await t.db.select({ endpoint: pushSubscriptions.endpoint }).from(pushSubscriptions)).map((s) => s.endpoint)).toEqual([phone.endpoint])
    } finally {
      await push.close()
    }
  })

  it('refuses a subscription that is not one, or that points into the server’s own network in production', async () => {
    const t = await createTestApp()
    const cookie = await t.cookieFor(await t.addUser('kepala'))
    const push = await startPushService()
    const b = push.subscribe()
    await push.close()
    expect((await t.request('/alerts/push', { cookie, form: { endpoint: b.endpoint, p256dh: 'abc', auth: b.auth } })).status).toBe(422)
    const { parseSubscription } = await import('../../worker/domain/push')
    expect(parseSubscription({ endpoint: b.endpoint, p256dh: b.p256dh, auth: b.auth }, true)).toBeNull()
    expect(parseSubscription({ endpoint: 'https://10.0.0.5/push/1', p256dh: b.p256dh, auth: b.auth }, true)).toBeNull()
    expect(parseSubscription({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', p256dh: b.p256dh, auth: b.auth, device: 'Mozilla/5.0 (Linux; Android 13) Chrome/131.0' }, true)).toEqual({
      endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
      p256dh: b.p256dh,
      auth: b.auth,
      device: 'Chrome di Android',
    })
  })
})

describe('acknowledging an escalation', () => {
  it('opens from the message link, records "saya tangani" on the timeline once, and leaves the dashboard list', async () => {
    const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
    const kepala = await t.addUser('kepala')
    const kase = await insertCase(t.db, { now: t.clock.now(), hoursAgo: 49 })
    await runSweep(t.db, t.config, t.clock.now(), fetch)
    const cookie = await t.cookieFor(kepala)
    const [alert] = await t.db.select().from(alertsTable).where(and(eq(alertsTable.userId, kepala.id), eq(alertsTable.kind, 'eskalasi')))
    expect(alert!.rung).toBe(2)

    const dashboard = async () => (await (await t.request('/dashboard', { cookie })).text()).replace(/<[^>]+>/g, ' ')
    expect(await dashboard()).toMatch(new RegExp(`${kase.ticket}\\s+Eskalasi ke Kepala Dinas\\s+Uji ${kepala.username}`))

    // The message's link: the alert's own page, with the case's context and the two answers.
    const opened = await (await t.request(`/alerts/${alert!.id}`, { cookie })).text()
    expect(opened).toContain(`Kasus ${kase.ticket} melewati target (tingkat 2)`)
    expect(opened).toContain('value="dilihat"')
    expect(opened).toContain('value="ditangani"')

    for (const answer of ['dilihat', 'ditangani', 'ditangani', 'dilihat']) {
      expect((await t.request(`/alerts/${alert!.id}/ack`, { cookie, form: { answer } })).status).toBe(303)
      t.clock.advance({ minutes: 1 })
    }
    const [after] = await t.db.select().from(alertsTable).where(eq(alertsTable.id, alert!.id))
    expect(after).toMatchObject({ acknowledgement: 'ditangani', acknowledgedAt: Date.parse('2026-11-24T09:01:00+07:00') })
    const timeline = await t.db.select({ kind: caseEvents.kind, note: caseEvents.note, actorId: caseEvents.actorId }).from(caseEvents).where(and(eq(caseEvents.caseId, kase.id), eq(caseEvents.kind, 'eskalasi_ditanggapi')))
    expect(timeline).toEqual([
      { kind: 'eskalasi_ditanggapi', note: 'Tingkat 2: Sudah dilihat', actorId: kepala.id },
      { kind: 'eskalasi_ditanggapi', note: 'Tingkat 2: Saya tangani', actorId: kepala.id },
    ])
    expect(await dashboard()).toContain('Semua eskalasi sudah ditanggapi.')

    // Someone else's alert is not theirs to answer or read.
    const other = await t.cookieFor(await t.addUser('kepala'))
    expect((await t.request(`/alerts/${alert!.id}`, { cookie: other })).status).toBe(404)
  })
})
