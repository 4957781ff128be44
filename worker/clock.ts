/** The one source of "now" for the app: entries pass the system clock, tests pass a fixed one. */
export type Clock = { now(): number }

export const systemClock: Clock = { now: () => Date.now() }
