/**
 * A small seeded generator (mulberry32): the same sequence for the same seed, so the demo month
 * and the test corpora are the same on every run. Not for anything secret.
 */
export function seededRandom(seed: number) {
  let s = seed >>> 0
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    chance: (p: number) => next() < p,
    /** A number from `lo` up to (not including) `hi`. */
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
    /** A whole number from `lo` to `hi`, both included. */
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  }
}

export type SeededRandom = ReturnType<typeof seededRandom>
