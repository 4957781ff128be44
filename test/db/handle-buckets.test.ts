import { eq, sql } from 'drizzle-orm'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadDashboard, rebuildRollups, type Dim } from '../../worker/db/queries/dashboard'
import { reopenCase } from '../../worker/db/queries/public'
import { cases } from '../../worker/db/schema'
import { bucketMedian, bucketRange, handleBucket, median, todayOf, type Period } from '../../worker/domain/figures'
import { seededRandom } from '../../worker/domain/seeded-random'
import { createTestApp, kelurahanA, kelurahanB, type TestApp } from '../support/app'
import { insertCase } from '../support/cases'

// The dashboard's median comes from per-day histograms kept by the handle_buckets migration's triggers (issue 25).
// On generated cases through real libSQL: the median read from the rollups is the median of the same
// buckets computed here from the cases (the SQL rule and domain/figures.ts agree), and within half a
// bucket of the exact median, after inserts, resolutions, reopens, moves and reassignments.

const now = Date.parse('2026-11-24T09:00:00+07:00')
const offset = 420
const day = 86_400_000
const period: Period = { from: todayOf(now - 20 * day, offset).from, to: todayOf(now, offset).from }

type Row = { category: number; kelurahan: string; assignee: number | null; minutes: number }

/** Exact values per dimension and key, from the cases resolved in the period. */
async function exactValues(t: TestApp): Promise<Map<string, number[]>> {
  const rows = await t.db.all<Row>(sql`SELECT category_id AS category, kelurahan_code AS kelurahan, assigned_to AS assignee, handle_minutes AS minutes
    FROM cases WHERE resolved_at >= ${now - 21 * day} AND handle_minutes IS NOT NULL`)
  const out = new Map<string, number[]>()
  const push = (k: string, m: number) => out.set(k, [...(out.get(k) ?? []), m])
  for (const r of rows) {
    push('all:', r.minutes)
    push(`category:${r.category}`, r.minutes)
    push(`kelurahan:${r.kelurahan}`, r.minutes)
    push(`assignee:${r.assignee ?? ''}`, r.minutes)
  }
  return out
}

async function expectMediansFromBuckets(t: TestApp) {
  const data = await loadDashboard(t.db, { now, today: period, month: period, period })
  const exact = await exactValues(t)
  const read = new Map<string, number>()
  for (const dim of ['all', 'category', 'kelurahan', 'assignee'] as Dim[]) for (const [key, m] of data.median[dim]) read.set(`${dim}:${key}`, m)
  expect([...read.keys()].sort()).toEqual([...exact.keys()].sort())
  for (const [key, values] of exact) {
    const counts: number[] = []
    for (const v of values) counts[handleBucket(v)] = (counts[handleBucket(v)] ?? 0) + 1
    expect(read.get(key), key).toBe(bucketMedian(counts))
    // The stated resolution: off by at most half the width of the middle values' buckets.
    const sorted = [...values].sort((a, b) => a - b)
    const middle = [sorted[(sorted.length - 1) >> 1]!, sorted[sorted.length >> 1]!]
    const halfWidth = Math.max(...middle.map((v) => (bucketRange(handleBucket(v)).to - bucketRange(handleBucket(v)).from) / 2))
    expect(Math.abs(read.get(key)! - median(values)!), key).toBeLessThanOrEqual(halfWidth)
  }
}

/** The handle_buckets migration's backfill, as an existing database runs it once. */
function backfillStatement(): string {
  const folder = fileURLToPath(new URL('../../migrations', import.meta.url))
  const file = readdirSync(folder).find((f) => f.endsWith('_handle_buckets.sql'))!
  const statement = readFileSync(join(folder, file), 'utf8').split('--> statement-breakpoint').find((s) => s.includes('-- Backfill'))
  expect(statement).toBeDefined()
  return statement!
}

/** The histograms the triggers kept equal the migration's backfill and a rebuild for a changed zone. */
async function expectEqualToRebuild(t: TestApp) {
  // Key order inside the JSON differs between the triggers and json_group_object: compare counts.
  const counts = (json: string) => Object.entries(JSON.parse(json) as Record<string, number>).sort((a, b) => Number(a[0]) - Number(b[0]))
  const snapshot = async () =>
    (await t.db.all<{ day: number; dim: string; key: string; buckets: string }>(sql`SELECT day, dim, key, json(buckets) AS buckets FROM case_handle_buckets`)).map((r) => JSON.stringify({ ...r, buckets: counts(r.buckets) })).sort()
  const kept = await snapshot()
  expect(kept.length).toBeGreaterThan(0)
  await t.db.run(sql`DELETE FROM case_handle_buckets`)
  await t.db.$client.execute(backfillStatement())
  expect(await snapshot()).toEqual(kept)
  await rebuildRollups(t.db, offset)
  expect(await snapshot()).toEqual(kept)
}

describe('median handling time from the rollups histograms', () => {
  it('puts minutes in 15-minute buckets below 48 h, hourly below 7 days, daily beyond', () => {
    expect([0, 14, 15, 2879, 2880, 2939, 2940, 10079, 10080, 11519, 11520].map(handleBucket)).toEqual([0, 0, 1, 191, 192, 192, 193, 311, 312, 312, 313])
    for (const i of [0, 191, 192, 311, 312, 400]) expect(handleBucket(bucketRange(i).from)).toBe(i)
    expect(bucketMedian([])).toBe(null)
    expect(bucketMedian([0, 0])).toBe(null)
    // 40, 1439, 1500, 1500 minutes: middles at 37.5, 1432.5 and 1507.5.
    expect(bucketMedian(Object.assign([], { 2: 1, 95: 1, 100: 2 }))).toBe(1470)
    expect(bucketMedian(Object.assign([], { 2: 1, 95: 1, 100: 1 }))).toBe(1432.5)
  })

  it('equals the exact median within the stated resolution after every kind of write the app makes', async () => {
    const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
    const users = [(await t.addUser('fasilitator', { kelurahan: [kelurahanA] })).id, (await t.addUser('fasilitator', { kelurahan: [kelurahanB] })).id, null]
    const categories = (await t.db.all<{ id: number }>(sql`SELECT id FROM categories ORDER BY id LIMIT 3`)).map((r) => r.id)
    const random = seededRandom(25)
    // Mostly within two days, some within a week, a few beyond: every bucket width is exercised.
    const minutes = () => (random.chance(0.7) ? random.int(0, 2879) : random.chance(0.65) ? random.int(2880, 10079) : random.int(10080, 60000))
    const ids: number[] = []
    for (let i = 0; i < 400; i++) {
      const resolvedAt = now - random.int(0, 20 * 24 * 60) * 60_000
      const m = minutes()
      const row = await insertCase(t.db, {
        now: resolvedAt,
        hoursAgo: m / 60,
        status: 'selesai',
        resolvedAt,
        assignedTo: random.pick(users),
        kelurahan: random.pick([kelurahanA, kelurahanB]),
        categoryId: random.pick(categories),
      })
      // insertCase stores no handling time: the resolution path sets both, as dispatch and handling do.
      if (random.chance(0.8)) await t.db.update(cases).set({ handleMinutes: m }).where(eq(cases.id, row.id))
      ids.push(row.id)
    }
    // Inserted already resolved with a handling time (import, bulk seed).
    for (let i = 0; i < 50; i++) {
      const resolvedAt = now - random.int(0, 20 * 24 * 60) * 60_000
      const m = minutes()
      await insertCase(t.db, { now: resolvedAt, hoursAgo: m / 60, status: 'selesai', resolvedAt, handleMinutes: m, categoryId: random.pick(categories), assignedTo: random.pick(users) })
    }
    await expectMediansFromBuckets(t)
    await expectEqualToRebuild(t)

    // Reopened by the reporter (public.ts reopenCase): out of the histogram until resolved again.
    for (const id of ids.slice(0, 40)) {
      const ok = await reopenCase(t.db, { caseId: id, now, dueAt: now + day, resolvedSince: now - 30 * day, note: 'Pelapor: belum dibantu', channels: [] })
      expect(ok).toBe(true)
    }
    await expectMediansFromBuckets(t)
    // Resolved again later, with a new handling time; moved to another kelurahan; reassigned.
    for (const id of ids.slice(0, 20)) await t.db.update(cases).set({ status: 'selesai', resolvedAt: now - random.int(0, 600) * 60_000, handleMinutes: minutes() }).where(eq(cases.id, id))
    for (const id of ids.slice(40, 80)) await t.db.update(cases).set({ kelurahanCode: kelurahanB, categoryId: categories[0]! }).where(eq(cases.id, id))
    for (const id of ids.slice(80, 120)) await t.db.update(cases).set({ assignedTo: users[0]! }).where(eq(cases.id, id))
    await expectMediansFromBuckets(t)
    await expectEqualToRebuild(t)
  })
})
