import { describe, expect, it } from 'vitest'
import { escalations } from '../../worker/db/schema'
import { sweepCron } from '../../worker/jobs/schedule'
import { insertCase } from '../support/cases'
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
})
