import type { Clock } from '../../worker/clock'

export type TestClock = Clock & { advance(by: { days?: number; hours?: number; minutes?: number; seconds?: number }): void; set(iso: string): void }

/** A clock that stands still until a test moves it: time-dependent logic is tested without sleeping. */
export function fixedClock(iso: string): TestClock {
  let now = Date.parse(iso)
  if (Number.isNaN(now)) throw new Error(`fixedClock: bad time ${iso}`)
  return {
    now: () => now,
    advance: ({ days = 0, hours = 0, minutes = 0, seconds = 0 }) => {
      now += (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000
    },
    set: (next) => {
      now = Date.parse(next)
    },
  }
}
