import { describe, expect, it } from 'vitest'
import { localParts, zoneOffset } from '../../worker/domain/zone'

describe('localParts', () => {
  it('gives the wall clock of every instant, also within and across a kept minute', () => {
    // 2026-11-25 23:59:58.5 in Pontianak (UTC+7) is 16:59:58.5 UTC.
    const t = Date.UTC(2026, 10, 25, 16, 59, 58, 500)
    expect(localParts(t, 'Asia/Pontianak')).toEqual({ year: 2026, month: 11, day: 25, hour: 23, minute: 59, second: 58 })
    expect(localParts(t - 58_500, 'Asia/Pontianak')).toEqual({ year: 2026, month: 11, day: 25, hour: 23, minute: 59, second: 0 })
    expect(localParts(t + 1_500, 'Asia/Pontianak')).toEqual({ year: 2026, month: 11, day: 26, hour: 0, minute: 0, second: 0 })
    // The same instant in another zone is not answered from Pontianak's minute.
    expect(localParts(t, 'Asia/Jayapura')).toEqual({ year: 2026, month: 11, day: 26, hour: 1, minute: 59, second: 58 })
    expect(localParts(t, 'Asia/Pontianak').hour).toBe(23)
  })

  it('agrees with Intl for instants spread over years', () => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Makassar', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2040, 0, 1); t += 7_777_777_777) {
      const parts = Object.fromEntries(f.formatToParts(t).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]))
      expect(localParts(t, 'Asia/Makassar')).toEqual(parts)
    }
    expect(zoneOffset(Date.UTC(2026, 0, 1), 'Asia/Makassar')).toBe(8 * 3_600_000)
  })
})
