import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startScheduler, sweepCron } from '../../worker/jobs/schedule'

describe('sweep schedule', () => {
  it('is the cron wrangler.toml carries, so both runtimes sweep on the same beat', () => {
    const crons = /^crons\s*=\s*\[([^\]]*)\]/m.exec(readFileSync('wrangler.toml', 'utf8'))?.[1]
    expect(crons?.split(',').map((c) => c.trim().replace(/^"|"$/g, ''))).toEqual([sweepCron])
  })

  describe('on Node', () => {
    afterEach(() => vi.useRealTimers())

    it('runs the task at each cron time and never two at once', async () => {
      vi.useFakeTimers({ now: Date.parse('2026-11-24T02:03:00Z') })
      let runs = 0
      let release: () => void = () => {}
      const stop = startScheduler(sweepCron, () => {
        runs++
        return new Promise<void>((r) => (release = r))
      })
      await vi.advanceTimersByTimeAsync(2 * 60_000 - 1) // 02:04:59.999
      expect(runs).toBe(0)
      await vi.advanceTimersByTimeAsync(1) // 02:05
      expect(runs).toBe(1)
      await vi.advanceTimersByTimeAsync(5 * 60_000) // 02:10, the first run still going
      expect(runs).toBe(1)
      release()
      await vi.advanceTimersByTimeAsync(5 * 60_000) // 02:15
      expect(runs).toBe(2)
      stop()
      release()
      await vi.advanceTimersByTimeAsync(60 * 60_000)
      expect(runs).toBe(2)
    })

    it('reports a failed run and runs again at the next cron time', async () => {
      vi.useFakeTimers({ now: Date.parse('2026-11-24T02:04:00Z') })
      const failures: unknown[] = []
      let runs = 0
      const stop = startScheduler(
        sweepCron,
        async () => {
          runs++
          throw new Error(`run ${runs}`)
        },
        { onError: (err) => failures.push(err) },
      )
      await vi.advanceTimersByTimeAsync(6 * 60_000) // 02:10
      stop()
      expect(runs).toBe(2)
      expect(failures.map((e) => (e as Error).message)).toEqual(['run 1', 'run 2'])
    })
  })
})
