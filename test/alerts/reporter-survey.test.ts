// The survey link sent to the reporter when their case is closed (issue 20): queued in the batch
// that closes the case, once per case, sent over WhatsApp to a Graph API stand-in on 127.0.0.1.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { readAlertConfig } from '../../worker/config'
import { cases, reporterMessages } from '../../worker/db/schema'
import { runSweep } from '../../worker/jobs/run'
import { createTestApp, type TestApp } from '../support/app'
import { caseRow, fileCase, forceStatus } from '../support/handling'
import { startReceiver } from '../support/receiver'

type Sent = { to: string; template: { name: string; components: { parameters: { text: string }[] }[] }; biz_opaque_callback_data: string }

async function arrange(opts: { now?: string; answer?: (req: unknown, i: number) => number; whatsapp?: boolean } = {}) {
  const graph = await startReceiver(opts.answer)
  const alerts = readAlertConfig(opts.whatsapp === false ? {} : { SIGAP_WHATSAPP_TOKEN: 'wa-token', SIGAP_WHATSAPP_PHONE_ID: '106540352242922', SIGAP_WHATSAPP_API_URL: graph.url }, false)
  const t = await createTestApp({ now: opts.now, config: { alerts } })
  const supervisor = await t.addUser('supervisor')
  const cookie = await t.cookieFor(supervisor)
  return { ...t, graph, cookie }
}

/** Files a case, puts it at `selesai` and closes it through the supervisor's form. */
async function closeCase(t: TestApp & { cookie: string }, id?: number) {
  const kase = id === undefined ? await fileCase(t, t.cookie) : await caseRow(t, id)
  const resolved = await forceStatus(t, kase.id, 'selesai', kase.assignedTo)
  const res = await t.request(`/cases/${kase.id}/close`, { cookie: t.cookie, form: { version: String(resolved.version), note: '' } })
  expect(res.status).toBe(303)
  expect((await caseRow(t, kase.id)).status).toBe('ditutup')
  return kase
}

const messagesOf = (t: TestApp, caseId: number) => t.db.select().from(reporterMessages).where(eq(reporterMessages.caseId, caseId))

describe('survey link to the reporter', () => {
  it('is queued once when the case is closed and sent to the reporter on WhatsApp with a link that opens the survey', async () => {
    const t = await arrange()
    const kase = await closeCase(t)
    expect(await messagesOf(t, kase.id)).toMatchObject([{ purpose: 'selesai', status: 'pending' }])

    expect((await runSweep(t.db, t.config, t.clock.now())).reporters).toEqual({ sent: 1, retried: 0, deferred: 0, failed: 0 })
    expect(t.graph.received).toHaveLength(1)
    const body = JSON.parse(t.graph.received[0]!.body) as Sent
    expect(body.to).toBe(kase.reporterPhone!.replace(/^\+/, ''))
    expect(body.template.name).toBe('sigap_survei')
    const [ticket, url] = body.template.components[0]!.parameters.map((p) => p.text)
    expect(ticket).toBe(kase.ticket)
    expect(url!.startsWith(`${t.config.origin}/survei/`)).toBe(true)
    const survey = await t.request(url!.slice(t.config.origin.length))
    expect(survey.status).toBe(200)
    expect(await survey.text()).toContain('name="u9"')
    expect(await messagesOf(t, kase.id)).toMatchObject([{ status: 'sent', sentAt: t.clock.now(), attempts: 1 }])

    // The next tick sends nothing again.
    t.clock.advance({ minutes: 5 })
    expect((await runSweep(t.db, t.config, t.clock.now())).reporters.sent).toBe(0)
    expect(t.graph.received).toHaveLength(1)
  })

  it('is not sent twice when the case is reopened and closed again', async () => {
    const t = await arrange()
    const kase = await closeCase(t)
    await runSweep(t.db, t.config, t.clock.now())
    await forceStatus(t, kase.id, 'ditangani', null)
    await closeCase(t, kase.id)
    expect(await messagesOf(t, kase.id)).toHaveLength(1)
    t.clock.advance({ minutes: 5 })
    await runSweep(t.db, t.config, t.clock.now())
    expect(t.graph.received).toHaveLength(1)
  })

  it('queues nothing without a reporter phone or without WhatsApp configured', async () => {
    const t = await arrange()
    const filed = await fileCase(t, t.cookie)
    await t.db.update(cases).set({ reporterPhone: null }).where(eq(cases.id, filed.id))
    const kase = await closeCase(t, filed.id)
    expect(await messagesOf(t, kase.id)).toHaveLength(0)

    const off = await arrange({ whatsapp: false })
    const other = await closeCase(off)
    expect(await messagesOf(off, other.id)).toHaveLength(0)
  })

  it('retries a failed send with the same key and keeps the phone number out of the stored error', async () => {
    const t = await arrange({ answer: (_req, i) => (i === 0 ? 503 : 200) })
    const kase = await closeCase(t)
    expect((await runSweep(t.db, t.config, t.clock.now())).reporters.retried).toBe(1)
    const [row] = await messagesOf(t, kase.id)
    expect(row).toMatchObject({ status: 'pending', lastError: 'HTTP 503' })
    t.clock.set(new Date(row!.nextAttemptAt).toISOString())
    expect((await runSweep(t.db, t.config, t.clock.now())).reporters.sent).toBe(1)
    const keys = t.graph.received.map((r) => r.headers['idempotency-key'])
    expect(keys).toEqual([`r${row!.id}`, `r${row!.id}`])
  })

  it('waits until 07:00 when the case is closed at night', async () => {
    const t = await arrange({ now: '2026-11-24T22:30:00+07:00' })
    const kase = await closeCase(t)
    expect((await runSweep(t.db, t.config, t.clock.now())).reporters.deferred).toBe(1)
    expect(t.graph.received).toHaveLength(0)
    const [row] = await messagesOf(t, kase.id)
    expect(row!.nextAttemptAt).toBe(Date.parse('2026-11-25T07:00:00+07:00'))
    t.clock.set(new Date(row!.nextAttemptAt).toISOString())
    expect((await runSweep(t.db, t.config, t.clock.now())).reporters.sent).toBe(1)
  })
})
