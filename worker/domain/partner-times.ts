/** Each partner's answer times on the dashboard (issue 24): medians over the period's referrals. Pure. */
import { median } from './figures'

export type PartnerTimes = { partner: string; referrals: number; answered: number; firstMedian: number | null; resultMedian: number | null; missed: number }

export function partnerRows(rows: readonly { partner: string; firstMinutes: number | null; resultMinutes: number | null; missed: number | boolean }[]): PartnerTimes[] {
  const groups = new Map<string, typeof rows[number][]>()
  for (const r of rows) groups.set(r.partner, [...(groups.get(r.partner) ?? []), r])
  return [...groups]
    .map(([partner, list]) => {
      const first = list.flatMap((r) => (r.firstMinutes === null ? [] : [Number(r.firstMinutes)]))
      const result = list.flatMap((r) => (r.resultMinutes === null ? [] : [Number(r.resultMinutes)]))
      return { partner, referrals: list.length, answered: first.length, firstMedian: median(first), resultMedian: median(result), missed: list.filter((r) => Boolean(Number(r.missed))).length }
    })
    .sort((a, b) => a.partner.localeCompare(b.partner, 'id'))
}
