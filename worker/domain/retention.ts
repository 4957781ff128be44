// Retention of personal data (UU PDP 27/2022 Pasal 42–44): closed cases keep their personal fields
// for a configured number of years (the agency's jadwal retensi arsip), then lose them.

/** Years a closed case keeps its personal fields unless the agency configured another period. */
export const defaultRetentionYears = 5
const maxRetentionYears = 30

/** The configured period in whole years; a missing or unusable setting falls back to the default. */
export function parseRetentionYears(value: string | undefined): number {
  const years = Number(value)
  return Number.isInteger(years) && years >= 1 && years <= maxRetentionYears ? years : defaultRetentionYears
}

/** Cases closed before this instant are due for purging: `years` calendar years before `now` (UTC). */
export function retentionCutoff(now: number, years: number): number {
  const d = new Date(now)
  d.setUTCFullYear(d.getUTCFullYear() - years)
  return d.getTime()
}

/**
 * Whether the purge runs on the tick at `now`: once a day, on the five-minute tick from 18:00 UTC
 * (01:00 WIB, 02:00 WITA, 03:00 WIT), so the every-five-minutes sweep keeps its round-trip budget.
 * A missed tick only delays the purge a day; running it twice does nothing more.
 */
export function isPurgeTick(now: number): boolean {
  const d = new Date(now)
  return d.getUTCHours() === 18 && d.getUTCMinutes() < 5
}
