import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cronMatches, nextCronTime, startScheduler, sweepCron } from '../../worker/jobs/schedule'

describe('sweep schedule', () => {
  it('is the cron wrangler.toml carries, so both runtimes sweep on the same beat', () => {
    const crons = /^crons\s*=\s*\[([^\]]*)\]/m.exec(readFileSync('wrangler.toml', 'utf8'))?.[1]
    expect(crons?.split(',').map((c) => c.trim().replace(/^"|"$/g, ''))).toEqual([sweepCron])
  })

  it('matches every fifth UTC minute and nothing between', () => {
    expect(cronMatches(sweepCron, Date.parse('2026-11-24T02:05:00Z'))).toBe(true)
    expect(cronMatches(sweepCron, Date.parse('2026-11-24T02:07:00Z'))).toBe(false)
    expect(cronMatches('0 0 * * 1-5', Date.parse('2026-11-23T00:00:00Z'))).toBe(true) // a Monday
    expect(cronMatches('0 0 * * 1-5', Date.parse('2026-11-22T00:00:00Z'))).toBe(false)
    expect(nextCronTime(sweepCron, Date.parse('2026-11-24T02:05:00Z'))).toBe(Date.parse('2026-11-24T02:10:00Z'))
    expect(() => cronMatches('*/5 * * *', 0)).toThrow()
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
      await vi.advanceTimersByTimeAsync(2 * 60_000) // 02:05
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
  })
})
