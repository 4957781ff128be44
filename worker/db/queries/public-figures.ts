import { sql } from 'drizzle-orm'
import { periodMs, type Period } from '../../domain/figures'
import type { SurveyAnswers } from '../../domain/ikm'
import { statement } from '../batch'
import type { Db } from '../client'

// The public proof page (issue 24): what the city or one kelurahan received and handled, month by
// month. Rollups for the counts, the covering handled index for the times (as the dashboard), the
// survey answers for the IKM; never a name, an address or a ticket.

export type PublicFigureRows = {
  receivedByDay: { day: number; received: number }[]
  handled: { resolvedAt: number; minutes: number }[]
  surveys: (SurveyAnswers & { answeredAt: number })[]
  receivedByCategory: Map<number, number>
}

/** One read batch over `period` (local days), for the whole city or the kelurahan `kelurahan`. */
export async function loadPublicFigures(db: Db, input: { period: Period; offsetMinutes: number; kelurahan: string | null }): Promise<PublicFigureRows> {
  const { start, end } = periodMs(input.period, input.offsetMinutes)
  const k = input.kelurahan
  const [days, handled, surveys, categories] = await db.$client.batch(
    [
      sql`SELECT day, sum(received) AS received FROM case_rollups WHERE dim = ${k ? 'kelurahan' : 'all'} AND key = ${k ?? ''} AND day BETWEEN ${input.period.from} AND ${input.period.to} GROUP BY day`,
      sql`SELECT c.resolved_at AS resolvedAt, c.handle_minutes AS minutes FROM cases AS c INDEXED BY cases_handled_dashboard
        WHERE c.resolved_at >= ${start} AND c.resolved_at < ${end} AND c.handle_minutes IS NOT NULL ${k ? sql`AND c.kelurahan_code = ${k}` : sql``}`,
      sql`SELECT s.answered_at AS answeredAt, s.u1, s.u2, s.u3, s.u4, s.u5, s.u6, s.u7, s.u8, s.u9 FROM survey_responses s ${k ? sql`JOIN cases c ON c.id = s.case_id AND c.kelurahan_code = ${k}` : sql``}
        WHERE s.answered_at >= ${start} AND s.answered_at < ${end}`,
      k ? sql`SELECT NULL AS key, 0 AS received WHERE 0` : sql`SELECT key, sum(received) AS received FROM case_rollups WHERE dim = 'category' AND day BETWEEN ${input.period.from} AND ${input.period.to} GROUP BY key`,
    ].map((q) => statement(q)),
    'read',
  )
  const num = (v: unknown) => Number(v ?? 0)
  return {
    receivedByDay: days!.rows.map((r) => ({ day: num(r.day), received: num(r.received) })),
    handled: handled!.rows.map((r) => ({ resolvedAt: num(r.resolvedAt), minutes: num(r.minutes) })),
    surveys: surveys!.rows.map((r) => ({ answeredAt: num(r.answeredAt), u1: num(r.u1), u2: num(r.u2), u3: num(r.u3), u4: num(r.u4), u5: num(r.u5), u6: num(r.u6), u7: num(r.u7), u8: num(r.u8), u9: num(r.u9) })),
    receivedByCategory: new Map(categories!.rows.map((r) => [num(r.key), num(r.received)])),
  }
}
