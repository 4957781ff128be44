// A seeded month for the public figures (issue 24): October 2026 in Kota Pontianak (WIB).
// Kelurahan A: 8 elderly cases (6 handled within 24 h, 2 late) and 2 ODGJ cases (within), 6 survey
// answers of all 4; kelurahan B: 3 elderly cases, all within. City: 13 received, 11 of 13 within.
import { sql } from 'drizzle-orm'
import { cases, surveyResponses } from '../../worker/db/schema'
import { categoryId, kelurahanA, kelurahanB, type TestApp } from './app'

export const octoberMinutes = { A: [60, 120, 180, 240, 300, 1440, 1500, 3000], odgj: [30, 90], B: [45, 600, 900] }

export async function seedOctober(t: TestApp) {
  const lansia = await categoryId(t.db, 'lansia-terlantar')
  const odgj = await categoryId(t.db, 'odgj')
  let n = 0
  const add = async (kelurahanCode: string, categoryId: number, minutes: number) => {
    n++
    const receivedAt = Date.parse(`2026-10-${String(1 + n).padStart(2, '0')}T08:00:00+07:00`)
    const resolvedAt = receivedAt + minutes * 60_000
    const [row] = await t.db
      .insert(cases)
      .values({
        ticket: `2610-${String(n).padStart(4, '0')}`, idempotencyKey: `kinerja-${n}`, status: 'ditutup', channel: 'telepon', categoryId, urgency: 'segera', kelurahanCode,
        address: 'Jl. Uji', description: 'Uji', reporterName: 'Pelapor Rahasia', reporterRelation: 'tetangga', personName: 'Warga Rahasia', personAgeGroup: 'lansia', personSex: 'P',
        dtksStatus: 'tidak_diketahui', receivedAt, dueAt: receivedAt + 24 * 3_600_000, resolvedAt, closedAt: resolvedAt, handleMinutes: minutes, outcome: 'bantuan_diberikan', updatedAt: resolvedAt,
      })
      .returning()
    return row!
  }
  const inA = []
  for (const m of octoberMinutes.A) inA.push(await add(kelurahanA, lansia, m))
  for (const m of octoberMinutes.odgj) await add(kelurahanA, odgj, m)
  for (const m of octoberMinutes.B) await add(kelurahanB, lansia, m)
  for (const kase of inA.slice(0, 6)) {
    await t.db.insert(surveyResponses).values({ caseId: kase.id, answeredAt: Date.parse('2026-10-20T10:00:00+07:00'), u1: 4, u2: 4, u3: 4, u4: 4, u5: 4, u6: 4, u7: 4, u8: 4, u9: 4 })
  }
  // The triggers keep the rollups; a check that they did.
  const [row] = await t.db.all<{ n: number }>(sql`SELECT sum(received) AS n FROM case_rollups WHERE dim = 'all'`)
  return { received: Number(row?.n ?? 0) }
}
