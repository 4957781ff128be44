import { eq, inArray, sql } from 'drizzle-orm'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultBulkNow, seedBulk } from '../../scripts/seed-bulk'
import type { Db } from '../../worker/db/client'
import { openFileDb } from '../../worker/db/open-file'
import { channelCounts, laporCaseTimes, loadDashboard, rebuildRollups, type Dim } from '../../worker/db/queries/dashboard'
import { retentionSettingKey } from '../../worker/db/queries/privacy'
import { reopenCase } from '../../worker/db/queries/public'
import { loadDemoUsers } from '../../worker/db/seed'
import { cases, escalations, settings } from '../../worker/db/schema'
import { loadDemoMonth } from '../../worker/demo-month'
import { channelCodes, openStatuses } from '../../worker/domain/case'
import { bucketMedian, dayOf, handleBucket, median, monthOf, parseDate, periodMs, todayOf, type Period } from '../../worker/domain/figures'
import { seededRandom } from '../../worker/domain/seeded-random'
import { purgeExpired } from '../../worker/jobs/retention'
import { createTestApp, kelurahanA, kelurahanB } from '../support/app'
import { insertCase } from '../support/cases'
import { testConfig } from '../support/config'
import { freshDb } from '../support/db'

// Issue 25: the dashboard reads rollups (counts per day, histograms per day and per month) and two
// partial indexes instead of the cases. Every figure it shows must still be exactly what a direct
// count over `cases` gives, for any period, after every kind of write.

const offset = 420
const hour = 3_600_000
const day = 86_400_000
const dims = ['all', 'category', 'kelurahan', 'assignee'] as const

type CaseRow = {
  status: string; channel: string; category: number; kelurahan: string; assignee: number | null; received: number; due: number
  resolved: number | null; minutes: number | null; escalated: number | null; lapor: string | null
}

const keyOf = (c: CaseRow, dim: Dim | 'channel') =>
  dim === 'all' ? '' : dim === 'category' ? String(c.category) : dim === 'kelurahan' ? c.kelurahan : dim === 'assignee' ? String(c.assignee ?? '') : c.channel

/** What the dashboard shows for `period` at `now`, counted directly over every case. */
async function direct(db: Db, now: number, period: Period) {
  const rows = await db.all<CaseRow>(sql`SELECT status, channel, category_id AS category, kelurahan_code AS kelurahan, assigned_to AS assignee, received_at AS received,
    due_at AS due, resolved_at AS resolved, handle_minutes AS minutes, escalated_at AS escalated, lapor_id AS lapor FROM cases`)
  const within = (at: number | null, p: Period) => at !== null && dayOf(at, offset) >= p.from && dayOf(at, offset) <= p.to
  const counts = (p: Period) => {
    const out: Record<string, Record<string, number[]>> = {}
    for (const c of rows) {
      for (const dim of dims) {
        const k = keyOf(c, dim)
        const n = ((out[dim] ??= {})[k] ??= [0, 0, 0, 0, 0])
        if (within(c.received, p)) {
          n[0]! += 1
          if (c.escalated !== null) n[1]! += 1
        }
        if (within(c.resolved, p)) {
          n[2]! += 1
          if (c.resolved! <= c.due) n[3]! += 1
          n[4]! += c.minutes ?? 0
        }
      }
    }
    return dropZeros(out)
  }
  const medians: Record<string, Record<string, number>> = {}
  for (const dim of dims) {
    const histograms = new Map<string, number[]>()
    for (const c of rows.filter((r) => within(r.resolved, period) && r.minutes !== null)) {
      const h = histograms.get(keyOf(c, dim)) ?? []
      h[handleBucket(c.minutes!)] = (h[handleBucket(c.minutes!)] ?? 0) + 1
      histograms.set(keyOf(c, dim), h)
    }
    for (const [k, h] of histograms) (medians[dim] ??= {})[k] = bucketMedian(h)!
  }
  const backlog: Record<string, Record<string, number[]>> = {}
  for (const c of rows.filter((r) => (openStatuses as readonly string[]).includes(r.status))) {
    for (const dim of dims) {
      const n = ((backlog[dim] ??= {})[keyOf(c, dim)] ??= [0, 0])
      n[0]! += 1
      if (c.due < now) n[1]! += 1
    }
  }
  const channels: Record<string, number> = {}
  for (const c of rows.filter((r) => within(r.received, period))) channels[c.channel] = (channels[c.channel] ?? 0) + 1
  const lapor = rows.filter((r) => r.lapor !== null && within(r.received, period)).map((r) => r.minutes)
  return {
    period: counts(period),
    today: counts(todayOf(now, offset)).all?.[''] ?? [0, 0, 0, 0, 0],
    month: counts(monthOf(now, offset)).all?.[''] ?? [0, 0, 0, 0, 0],
    medians,
    backlog,
    channels,
    lapor: { cases: lapor.length, resolved: lapor.filter((m) => m !== null).length, median: median(lapor.flatMap((m) => (m === null ? [] : [m]))) },
  }
}

/** The same figures as the dashboard reads them. */
async function fromRollups(db: Db, now: number, period: Period) {
  const data = await loadDashboard(db, { now, today: todayOf(now, offset), month: monthOf(now, offset), period })
  const asArray = (c: { received: number; escalated: number; handled: number; withinTarget: number; handleMinutes: number }) => [c.received, c.escalated, c.handled, c.withinTarget, c.handleMinutes]
  const split = <T, U>(s: Record<Dim, Map<string, T>>, f: (v: T) => U) => Object.fromEntries(dims.flatMap((d) => (s[d].size > 0 ? [[d, Object.fromEntries([...s[d]].map(([k, v]) => [k, f(v)]))]] : [])))
  const channels: Record<string, number> = {}
  for (const r of await channelCounts(db, period)) if (Number(r.n) !== 0) channels[r.channel] = Number(r.n)
  const lapor = await laporCaseTimes(db, periodMs(period, offset))
  return {
    period: dropZeros(split(data.period, asArray) as Record<string, Record<string, number[]>>),
    today: asArray(data.today),
    month: asArray(data.month),
    medians: split(data.median, (m) => m),
    backlog: split(data.backlog, (b) => [b.open, b.overdue]),
    channels,
    lapor: { cases: lapor.length, resolved: lapor.filter((r) => r.minutes !== null).length, median: median(lapor.flatMap((r) => (r.minutes === null ? [] : [r.minutes]))) },
  }
}

/** Keys whose every count is zero (rows a move emptied) are no figure: left out on both sides. */
function dropZeros(split: Record<string, Record<string, number[]>>) {
  const out: Record<string, Record<string, number[]>> = {}
  for (const [dim, keys] of Object.entries(split)) {
    for (const [k, n] of Object.entries(keys)) if (n.some((v) => v !== 0)) (out[dim] ??= {})[k] = n
  }
  return out
}

const date = (text: string) => parseDate(text)!
/** Whole months, this month so far, days added at the ends, days taken away, one day, a quarter. */
const periods: Period[] = [
  { from: date('2026-11-01'), to: date('2026-11-30') },
  { from: date('2026-11-01'), to: date('2026-11-24') },
  { from: date('2026-10-05'), to: date('2026-11-27') },
  { from: date('2026-10-28'), to: date('2026-12-02') },
  { from: date('2026-11-03'), to: date('2026-11-05') },
  { from: date('2026-11-20'), to: date('2026-11-20') },
  { from: date('2026-09-16'), to: date('2026-11-15') },
  { from: date('2026-09-01'), to: date('2026-11-30') },
]

async function expectExact(db: Db, now: number, label: string) {
  for (const p of periods) {
    const [want, got] = await Promise.all([direct(db, now, p), fromRollups(db, now, p)])
    expect(got, `${label}, ${JSON.stringify(p)}`).toEqual(want)
  }
}

/** Every rollup row, histograms as sorted counts (key order inside JSON differs between writers). */
async function snapshot(db: Db) {
  const counts = (await db.all(sql`SELECT * FROM case_rollups WHERE received <> 0 OR escalated <> 0 OR handled <> 0 OR within_target <> 0 OR handle_minutes <> 0`)).map((r) => JSON.stringify(r))
  const histograms = async (table: string, column: string) =>
    (await db.all<{ at: number; dim: string; key: string; buckets: string }>(sql`SELECT ${sql.raw(column)} AS at, dim, key, json(buckets) AS buckets FROM ${sql.raw(table)}`)).map((r) =>
      JSON.stringify({ ...r, buckets: Object.entries(JSON.parse(r.buckets) as Record<string, number>).sort((a, b) => Number(a[0]) - Number(b[0])) }),
    )
  return { counts: counts.sort(), days: (await histograms('case_handle_buckets', 'day')).sort(), months: (await histograms('case_handle_buckets_monthly', 'month')).sort() }
}

/** The flat_dashboard migration's backfill statements, as an existing database runs them once. */
function backfillStatements(): string[] {
  const folder = fileURLToPath(new URL('../../migrations', import.meta.url))
  const file = readdirSync(folder).find((f) => f.endsWith('_flat_dashboard.sql'))!
  const statements = readFileSync(join(folder, file), 'utf8').split('--> statement-breakpoint').filter((s) => /^\s*(-- Backfill[^\n]*\n)?INSERT INTO (case_rollups|case_handle_buckets_monthly)\b/.test(s))
  expect(statements).toHaveLength(2)
  return statements
}

/** The rows the triggers kept equal a rebuild from the cases, and the migration's backfill. */
async function expectEqualToRebuild(db: Db) {
  const kept = await snapshot(db)
  expect(kept.months.length).toBeGreaterThan(0)
  expect(kept.counts.some((r) => r.includes('"dim":"channel"'))).toBe(true)
  await db.run(sql`DELETE FROM case_rollups WHERE dim = 'channel'`)
  await db.run(sql`DELETE FROM case_handle_buckets_monthly`)
  for (const s of backfillStatements()) await db.$client.execute(s)
  expect(await snapshot(db)).toEqual(kept)
  await rebuildRollups(db, offset)
  expect(await snapshot(db)).toEqual(kept)
}

describe('dashboard figures from the rollups', () => {
  it('equal a direct count over the cases for any period, after inserts, status changes, reassignments, deletion and the retention purge', async () => {
    const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
    const now = t.clock.now()
    const users = [(await t.addUser('fasilitator', { kelurahan: [kelurahanA] })).id, (await t.addUser('fasilitator', { kelurahan: [kelurahanB] })).id, null]
    const categories = (await t.db.all<{ id: number }>(sql`SELECT id FROM categories ORDER BY id LIMIT 3`)).map((r) => r.id)
    const random = seededRandom(7)
    const minutes = () => (random.chance(0.7) ? random.int(0, 2879) : random.chance(0.7) ? random.int(2880, 10079) : random.int(10080, 40000))
    const ids: number[] = []
    // Received from early September to now; a third open, the rest resolved (most with a handling
    // time, as the resolution paths set it), some inserted already resolved (import, bulk seed).
    for (let i = 0; i < 300; i++) {
      const hoursAgo = random.int(0, 85 * 24)
      const m = minutes()
      const resolvedAt = random.chance(0.65) ? Math.min(now - 60_000, now - hoursAgo * hour + m * 60_000) : null
      const row = await insertCase(t.db, {
        now,
        hoursAgo,
        targetHours: random.pick([4, 24, 72]),
        status: resolvedAt === null ? random.pick(['baru', 'ditugaskan', 'ditangani']) : 'selesai',
        resolvedAt,
        handleMinutes: resolvedAt !== null && random.chance(0.5) ? m : undefined,
        assignedTo: random.pick(users),
        kelurahan: random.pick([kelurahanA, kelurahanB]),
        categoryId: random.pick(categories),
        channel: random.pick(channelCodes),
        laporId: random.chance(0.2) ? `LAPOR-${i}` : null,
      })
      if (resolvedAt !== null && row.handleMinutes === null && random.chance(0.8)) await t.db.update(cases).set({ handleMinutes: m }).where(eq(cases.id, row.id))
      ids.push(row.id)
    }
    // Escalated to the Kepala Dinas (rung 2): a trigger marks the case.
    for (const id of ids.slice(0, 30)) await t.db.insert(escalations).values({ caseId: id, rung: 2, recordedAt: now - random.int(1, 500) * 60_000, runId: 'figures' })
    await expectExact(t.db, now, 'after inserts')
    await expectEqualToRebuild(t.db)

    // Status changes: open cases resolved (and closed), resolved ones reopened by the reporter.
    const open = (await t.db.all<{ id: number }>(sql`SELECT id FROM cases WHERE resolved_at IS NULL ORDER BY id LIMIT 40`)).map((r) => r.id)
    for (const id of open) {
      const at = now - random.int(0, 3000) * 60_000
      const [c] = await t.db.select({ received: cases.receivedAt }).from(cases).where(eq(cases.id, id))
      const resolvedAt = Math.max(at, c!.received)
      await t.db.update(cases).set({ status: random.pick(['selesai', 'ditutup']), resolvedAt, closedAt: resolvedAt, handleMinutes: Math.round((resolvedAt - c!.received) / 60_000) }).where(eq(cases.id, id))
    }
    const reopened = (await t.db.all<{ id: number }>(sql`SELECT id FROM cases WHERE status = 'selesai' AND resolved_at >= ${now - 30 * day} ORDER BY id LIMIT 20`)).map((r) => r.id)
    for (const id of reopened) expect(await reopenCase(t.db, { caseId: id, now, dueAt: now + day, resolvedSince: now - 30 * day, note: 'Pelapor: belum dibantu', channels: [] })).toBe(true)
    await expectExact(t.db, now, 'after status changes')

    // Reassignments, moves to another kelurahan and category, a channel corrected, a LAPOR! id added.
    for (const id of ids.slice(40, 80)) await t.db.update(cases).set({ assignedTo: random.pick(users) }).where(eq(cases.id, id))
    for (const id of ids.slice(80, 110)) await t.db.update(cases).set({ kelurahanCode: kelurahanB, categoryId: categories[0]! }).where(eq(cases.id, id))
    for (const id of ids.slice(110, 130)) await t.db.update(cases).set({ channel: 'online', laporId: `LAPOR-X${id}` }).where(eq(cases.id, id))
    await expectExact(t.db, now, 'after reassignments and moves')
    await expectEqualToRebuild(t.db)

    // Deleted cases take their share out (those without events, escalations or other rows).
    const gone = ids.slice(150, 190)
    await t.db.delete(cases).where(inArray(cases.id, gone))
    expect(await t.db.$count(cases)).toBe(300 - gone.length)
    await expectExact(t.db, now, 'after deletion')

    // The retention purge empties the personal fields of old closed cases: no figure moves.
    await t.db.insert(settings).values({ key: retentionSettingKey, value: '1' }).onConflictDoUpdate({ target: settings.key, set: { value: '1' } })
    const later = now + 400 * day
    const purged = await purgeExpired(t.db, later)
    expect(purged.purged).toBeGreaterThan(0)
    await expectExact(t.db, now, 'after the retention purge')
    await expectEqualToRebuild(t.db)
  })

  it('equal a direct count over the demo month the app loads through its own writes', async () => {
    const { db } = await freshDb()
    const now = Date.parse('2026-12-06T10:00:00+07:00')
    const config = testConfig()
    await loadDemoUsers(db, config, now - 40 * day, 'kata-sandi-demo')
    expect(await loadDemoMonth(db, config, now)).toBeGreaterThan(0)
    for (const p of [monthOf(now, offset), { from: dayOf(now, offset) - 29, to: dayOf(now, offset) }, { from: date('2026-11-10'), to: date('2026-12-03') }]) {
      expect(await fromRollups(db, now, p), JSON.stringify(p)).toEqual(await direct(db, now, p))
    }
    await expectEqualToRebuild(db)
  })

  it('equal a direct count over a bulk seed, which fills the histograms once and puts their trigger back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigap-bulk-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const now = Date.parse(defaultBulkNow)
    await seedBulk({ url: `file:${join(dir, 'bulk.db')}`, cases: 4000, due: 100, open: 100, now })
    const db = await openFileDb(`file:${join(dir, 'bulk.db')}`)
    afterAll(() => db.$client.close())
    const fresh = (await freshDb()).db
    const triggers = async (d: Db) => (await d.$client.execute(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name`)).rows.map((r) => ({ ...r }))
    expect(await triggers(db)).toEqual(await triggers(fresh))
    await expectExact(db, now, 'after seed:bulk')
    // The trigger is back: a case resolved after the seed moves the histograms.
    await insertCase(db, { now, hoursAgo: 3, status: 'selesai', resolvedAt: now - hour, handleMinutes: 120 })
    await expectExact(db, now, 'after a case inserted after seed:bulk')
    await expectEqualToRebuild(db)
  })
})
