import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { queueReporterReply } from '../../worker/db/queries/reporter-messages'
import { cases, escalations, reporterMessages } from '../../worker/db/schema'
import { sweepCron } from '../../worker/jobs/schedule'
import { insertCase } from '../support/cases'
import { startGraphApi } from '../support/graph-api'
import { startWorker } from '../support/worker'

describe('Worker scheduled handler', () => {
  it('runs the sweep in workerd against a real libSQL database, once even when the cron fires twice', async () => {
    const w = await startWorker()
    try {
      const scheduledTime = Date.parse('2026-11-24T06:00:00+07:00')
      const kase = await insertCase(w.db, { now: scheduledTime, hoursAgo: 49 })
      const worker = await w.mf.getWorker()
      w.hrana.resetCount()
      const first = await worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: sweepCron })
      expect(first.outcome).toBe('ok')
      const tripsPerSweep = w.hrana.pipelines
      await worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: sweepCron })
      const rows = await w.db.select().from(escalations)
      expect(rows.map((r) => `${r.caseId}:${r.rung}`).sort()).toEqual([0, 1, 2].map((rung) => `${kase.id}:${rung}`))
      // Budget (issue 10): ≤ 3 round trips plus one per 500 due cases, outbox delivery included.
      expect(tripsPerSweep).toBeLessThanOrEqual(3)
    } finally {
      await w.dispose()
    }
  })

  it("sends a queued reply to the reporter through the Graph API from workerd's scheduled handler", async () => {
    const graph = await startGraphApi('wa-token')
    const w = await startWorker({ env: { SIGAP_WHATSAPP_TOKEN: 'wa-token', SIGAP_WHATSAPP_PHONE_ID: '106540352242922', SIGAP_WHATSAPP_API_URL: graph.url } })
    try {
      const scheduledTime = Date.parse('2026-11-24T10:00:00+07:00')
      const kase = await insertCase(w.db, { now: scheduledTime, hoursAgo: 5, status: 'ditutup' })
      await w.db.update(cases).set({ reporterPhone: '+6281234567890' }).where(eq(cases.id, kase.id))
      await w.db.run(queueReporterReply({ caseId: kase.id, purpose: 'selesai', now: scheduledTime, sending: true }))
      const worker = await w.mf.getWorker()
      expect((await worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: sweepCron })).outcome).toBe('ok')
      const [row] = await w.db.select().from(reporterMessages)
      expect(row).toMatchObject({ status: 'sent', sentAs: 'template' })
      expect(graph.sent()).toMatchObject([{ to: '6281234567890', type: 'template', template: { name: 'sigap_survei' }, biz_opaque_callback_data: `r${row!.id}` }])
    } finally {
      await w.dispose()
    }
  })
})
