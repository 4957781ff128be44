import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createClient, type InArgs } from '@libsql/client'
import type { Db } from '../../worker/db/client'
import { wrapClient } from '../../worker/db/client'
import { alerts, caseEvents, cases, escalations, users } from '../../worker/db/schema'
import { statement } from '../../worker/db/batch'
import { dueCasesQuery } from '../../worker/db/queries/sweep'
import { defaultLadder, rungStarts } from '../../worker/domain/escalation'
import { sweep } from '../../worker/jobs/sweep'
import { createTestApp } from '../support/app'
import { insertCase } from '../support/cases'

const zone = 'Asia/Pontianak'

/** A database with one person on each rung and a case per age; names map ids back to labels. */
async function arrange(ages: Record<string, number>) {
  const t = await createTestApp({ now: '2026-11-24T06:00:00+07:00' }) // before 07:00: no digest in these tests
  const people = {
    fasilitator: await t.addUser('fasilitator', { username: 'fas' }),
    supervisor: await t.addUser('supervisor', { username: 'sup' }),
    kepala: await t.addUser('kepala', { username: 'kepala' }),
    asisten: await t.addUser('asisten', { username: 'asisten' }),
    walikota: await t.addUser('walikota', { username: 'walikota' }),
  }
  const names = new Map<number, string>()
  for (const [label, hours] of Object.entries(ages)) {
    const kase = await insertCase(t.db, { now: t.clock.now(), hoursAgo: hours, assignedTo: people.fasilitator.id })
    names.set(kase.id, label)
  }
  const userNames = new Map(Object.entries(people).map(([k, u]) => [u.id, k]))
  return { ...t, people, names, userNames }
}

async function escalationSet(db: Db, names: Map<number, string>) {
  const rows = await db.select().from(escalations)
  return rows.map((r) => `${names.get(r.caseId)}:${r.rung}`).sort()
}

async function alertSet(db: Db, names: Map<number, string>, userNames: Map<number, string>) {
  const rows = await db.select().from(alerts)
  return rows.map((r) => `${names.get(r.caseId!)}:${userNames.get(r.userId)}:${r.rung}`).sort()
}

const ladderAges = { h17: 17, h23m59: 23 + 59 / 60, h24m01: 24 + 1 / 60, h48: 48, h72: 72, h200: 200 }
const expectedEscalations = [
  'h23m59:0',
  ...['h24m01:0', 'h24m01:1'],
  ...['h48:0', 'h48:1', 'h48:2'],
  ...['h72:0', 'h72:1', 'h72:2'],
  ...['h200:0', 'h200:1', 'h200:2', 'h200:3', 'h200:4'],
].sort()
const expectedAlerts = [
  'h23m59:fasilitator:0',
  'h24m01:fasilitator:1',
  'h24m01:supervisor:1',
  'h48:fasilitator:1',
  'h48:supervisor:1',
  'h48:kepala:2',
  'h72:fasilitator:1',
  'h72:supervisor:1',
  'h72:kepala:2',
  'h200:fasilitator:1',
  'h200:supervisor:1',
  'h200:kepala:2',
  'h200:asisten:3',
  'h200:walikota:4',
].sort()

describe('overdue sweep', () => {
  it('records each rung a case reached and alerts each person once, for the highest rung', async () => {
    const t = await arrange(ladderAges)
    const report = await sweep(t.db, t.clock.now(), { zone })
    expect(await escalationSet(t.db, t.names)).toEqual(expectedEscalations)
    expect(await alertSet(t.db, t.names, t.userNames)).toEqual(expectedAlerts)
    expect(report).toMatchObject({ cases: 5, alerts: expectedAlerts.length, chunks: 1 })
  })

  it('sends a rung nobody stands on to the rung below, with a note: no Asisten or Wali Kota account yet (issue 17)', async () => {
    const t = await arrange({ h100: 100 })
    for (const gone of [t.people.asisten, t.people.walikota]) await t.db.update(users).set({ active: false }).where(eq(users.id, gone.id))
    await sweep(t.db, t.clock.now(), { zone })
    expect(await alertSet(t.db, t.names, t.userNames)).toEqual(['h100:fasilitator:1', 'h100:supervisor:1', 'h100:kepala:3'].sort())
    const [toKepala] = await t.db.select().from(alerts).where(eq(alerts.userId, t.people.kepala.id))
    expect(toKepala!.note).toBe('Anak tangga 3 (Eskalasi ke Asisten) belum punya penerima; diteruskan kepada penerima anak tangga 2 (Eskalasi ke Kepala Dinas).')
    const timeline = await t.db.select({ note: caseEvents.note }).from(caseEvents).where(eq(caseEvents.kind, 'eskalasi'))
    expect(timeline.map((e) => e.note)).toEqual(['Eskalasi ke Kepala Dinas', 'Eskalasi ke Asisten (belum ada penerima; diteruskan ke anak tangga di bawahnya)'])
    // Rung 4 too finds nobody, nor on rung 3: the Kepala Dinas hears of it.
    t.clock.advance({ hours: 100 })
    await sweep(t.db, t.clock.now(), { zone })
    const rung4 = await t.db.select().from(alerts).where(eq(alerts.rung, 4))
    expect(rung4.map((a) => [t.userNames.get(a.userId), a.note])).toEqual([['kepala', 'Anak tangga 4 (Eskalasi ke Wali Kota) belum punya penerima; diteruskan kepada penerima anak tangga 2 (Eskalasi ke Kepala Dinas).']])
  })

  it('marks a case overdue once and writes the timeline', async () => {
    const t = await arrange({ h24m01: 24 + 1 / 60, h23m59: 23 + 59 / 60 })
    await sweep(t.db, t.clock.now(), { zone })
    t.clock.advance({ hours: 30 })
    await sweep(t.db, t.clock.now(), { zone })
    const rows = await t.db.select({ id: cases.id, overdueAt: cases.overdueAt }).from(cases)
    const byName = Object.fromEntries(rows.map((r) => [t.names.get(r.id), r.overdueAt]))
    const first = Date.parse('2026-11-24T06:00:00+07:00')
    expect(byName).toEqual({ h24m01: first, h23m59: first + 30 * 3_600_000 })
    const events = await t.db.select().from(caseEvents)
    expect(events.map((e) => `${t.names.get(e.caseId)}:${e.kind}`).sort()).toEqual(
      ['h23m59:pengingat', 'h23m59:terlambat', 'h23m59:eskalasi', 'h24m01:pengingat', 'h24m01:terlambat', 'h24m01:eskalasi'].sort(),
    )
  })

  it('stops the clock at selesai, before or after the target', async () => {
    const t = await arrange({})
    const now = t.clock.now()
    const fas = t.people.fasilitator.id
    const before = await insertCase(t.db, { now, hoursAgo: 30, assignedTo: fas, status: 'selesai', resolvedAt: now - 20 * 3_600_000 })
    const after = await insertCase(t.db, { now, hoursAgo: 30, assignedTo: fas })
    t.names.set(before.id, 'before').set(after.id, 'after')
    await sweep(t.db, now, { zone })
    await t.db.run(sql`UPDATE cases SET status = 'selesai', resolved_at = ${now + 3_600_000} WHERE id = ${after.id}`)
    t.clock.advance({ hours: 200 })
    await sweep(t.db, t.clock.now(), { zone })
    expect(await escalationSet(t.db, t.names)).toEqual(['after:0', 'after:1'])
  })

  it('does nothing more when the cron fires twice', async () => {
    const t = await arrange(ladderAges)
    await sweep(t.db, t.clock.now(), { zone })
    const again = await sweep(t.db, t.clock.now(), { zone })
    expect(again).toMatchObject({ cases: 0, alerts: 0, escalations: [] })
    expect(await escalationSet(t.db, t.names)).toEqual(expectedEscalations)
    expect(await alertSet(t.db, t.names, t.userNames)).toEqual(expectedAlerts)
  })

  it('gives the same result when two sweeps run at once on two connections', async () => {
    const t = await arrange(ladderAges)
    const other = wrapClient(createClient({ url: `file:${t.path}` }))
    await other.$client.execute('PRAGMA busy_timeout=5000')
    const [a, b] = await Promise.all([sweep(t.db, t.clock.now(), { zone, chunkSize: 2 }), sweep(other, t.clock.now(), { zone, chunkSize: 2 })])
    other.$client.close()
    expect(a.cases + b.cases).toBe(5)
    expect(a.alerts + b.alerts).toBe(expectedAlerts.length)
    expect(await escalationSet(t.db, t.names)).toEqual(expectedEscalations)
    expect(await alertSet(t.db, t.names, t.userNames)).toEqual(expectedAlerts)
  })

  it('finishes the work of a sweep killed after its first chunk, without doubling it', async () => {
    const t = await arrange(ladderAges)
    const crash = sweep(t.db, t.clock.now(), {
      zone,
      chunkSize: 2,
      afterChunk: () => {
        throw new Error('killed')
      },
    })
    await expect(crash).rejects.toThrow('killed')
    expect(new Set((await t.db.select().from(escalations)).map((e) => e.caseId)).size).toBe(2)
    const rerun = await sweep(t.db, t.clock.now(), { zone, chunkSize: 2 })
    expect(rerun.cases).toBe(3)
    expect(await escalationSet(t.db, t.names)).toEqual(expectedEscalations)
    expect(await alertSet(t.db, t.names, t.userNames)).toEqual(expectedAlerts)
  })

  it('catches up after a long outage in one pass, one alert per person', async () => {
    const t = await arrange({ fresh: 1 })
    // Swept up to the reminder, then nothing for nine days.
    t.clock.advance({ hours: 18 })
    await sweep(t.db, t.clock.now(), { zone })
    t.clock.advance({ days: 9 })
    const report = await sweep(t.db, t.clock.now(), { zone })
    expect(report.escalations.map((e) => e.rung)).toEqual([1, 2, 3, 4])
    expect(await alertSet(t.db, t.names, t.userNames)).toEqual(
      ['fresh:fasilitator:0', 'fresh:fasilitator:1', 'fresh:supervisor:1', 'fresh:kepala:2', 'fresh:asisten:3', 'fresh:walikota:4'].sort(),
    )
  })

  it('escalates exactly at the boundary, not a millisecond before', async () => {
    const t = await arrange({})
    const kase = await insertCase(t.db, { now: t.clock.now(), hoursAgo: 0, assignedTo: t.people.fasilitator.id })
    t.names.set(kase.id, 'k')
    await sweep(t.db, kase.dueAt - 1, { zone })
    expect(await escalationSet(t.db, t.names)).toEqual(['k:0'])
    await sweep(t.db, kase.dueAt, { zone })
    expect(await escalationSet(t.db, t.names)).toEqual(['k:0', 'k:1'])
  })

  it('finds due cases through an index, never scanning all cases', async () => {
    const t = await arrange({})
    const query = statement(dueCasesQuery(rungStarts(defaultLadder), t.clock.now(), 500)) as { sql: string; args: InArgs }
    const plan = await t.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${query.sql}`, args: query.args })
    const details = plan.rows.map((r) => String(r.detail))
    expect(details.some((d) => /SEARCH c USING (COVERING )?INDEX cases_open_by_due/.test(d))).toBe(true)
    expect(details.some((d) => /^SCAN c\b/.test(d))).toBe(false)
  })
})
