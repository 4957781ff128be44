import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rungRow } from '../../worker/db/queries/sweep'
import { alerts, escalationRungs, escalations, users } from '../../worker/db/schema'
import { openStatuses, type CaseStatus } from '../../worker/domain/case'
import { alertRungs, dueRungs, rungProblem, rungStartsAt, rungStarts, type Rung } from '../../worker/domain/escalation'
import { sweep } from '../../worker/jobs/sweep'
import { createTestApp } from '../support/app'
import { insertCase } from '../support/cases'

// The sweep decides rungs and recipients in SQL; domain/escalation.ts says the same rule in plain
// code. On real libSQL, random ladders, cases, people and clocks must give the same rungs recorded
// and the same people alerted, pass after pass.

const HOUR = 3_600_000
const zone = 'Asia/Pontianak'
const base = Date.parse('2026-11-24T06:00:00+07:00')
const roleNames = ['fasilitator', 'supervisor', 'kepala', 'asisten', 'walikota', 'operator'] as const
// Two people per role; which of them are active changes from case to case.
const staff = roleNames.flatMap((role) => [role, role])

type Draft = { start: 0 | 1; rungs: { afterHours: number; percent: number; notifyAssignee: boolean; roles: string[]; users: number[] }[] }

const ladderArb = fc.record({
  start: fc.constantFrom(0 as const, 1 as const),
  rungs: fc.array(
    fc.record({
      afterHours: fc.integer({ min: 1, max: 120 }),
      percent: fc.integer({ min: 1, max: 99 }),
      notifyAssignee: fc.boolean(),
      roles: fc.subarray([...roleNames]),
      users: fc.subarray(staff.map((_, i) => i)),
    }),
    { minLength: 1, maxLength: 5 },
  ),
})

/** A ladder an admin could save: numbered from `start`, rung 1 may come at the target itself. */
function ladderOf(draft: Draft, userIds: number[], zeroFirstHours: boolean): Rung[] {
  return draft.rungs.map((d, i) => {
    const rung = draft.start + i
    const nobody = !d.notifyAssignee && d.roles.length === 0 && d.users.length === 0
    return {
      rung,
      label: `Tingkat ${rung}`,
      afterHours: rung === 0 ? 0 : rung === 1 && zeroFirstHours ? 0 : d.afterHours,
      targetPercent: rung === 0 ? d.percent : null,
      notifyAssignee: d.notifyAssignee || nobody,
      roles: d.roles,
      userIds: d.users.map((u) => userIds[u]!),
    }
  })
}

const caseArb = fc.record({
  receivedAgoMs: fc.integer({ min: 0, max: 300 * HOUR }),
  targetHours: fc.integer({ min: 1, max: 72 }),
  status: fc.constantFrom<CaseStatus>('baru', 'ditugaskan', 'ditangani', 'dirujuk', 'selesai', 'ditutup'),
  assignee: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
})

// A clock is a random moment, or a millisecond either side of (or exactly at) a rung's start.
const clockArb = fc.oneof(
  fc.record({ kind: fc.constant('any' as const), afterMs: fc.integer({ min: 0, max: 400 * HOUR }) }),
  fc.record({ kind: fc.constant('edge' as const), kase: fc.nat(), rung: fc.nat(), delta: fc.constantFrom(-1, 0, 1) }),
)

describe('the sweep against its rule in plain code', () => {
  it('records the same rungs and alerts the same people as dueRungs and alertRungs', async () => {
    const t = await createTestApp({ now: '2026-11-24T06:00:00+07:00' })
    const people: { id: number; role: string }[] = []
    for (const role of staff) people.push(await t.addUser(role))
    const userIds = people.map((u) => u.id)
    let checkedAlerts = 0

    await fc.assert(
      fc.asyncProperty(
        ladderArb,
        fc.boolean(),
        fc.array(caseArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: staff.length, maxLength: staff.length }),
        fc.array(clockArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        async (draft, zeroFirstHours, caseDrafts, active, clockDrafts, chunkSize) => {
          const ladder = ladderOf(draft, userIds, zeroFirstHours)
          ladder.forEach((r, i) => expect(rungProblem(r, i === 0 ? null : ladder[i - 1]!.rung)).toBeNull())
          await t.db.batch([
            t.db.run(sql`DELETE FROM outbox`),
            t.db.run(sql`DELETE FROM alerts`),
            t.db.run(sql`DELETE FROM case_events`),
            t.db.run(sql`DELETE FROM escalations`),
            t.db.run(sql`DELETE FROM cases`),
            t.db.delete(escalationRungs),
            ...ladder.map((r) => t.db.insert(escalationRungs).values(rungRow(r))),
            ...people.map((u, i) => t.db.update(users).set({ active: active[i]! }).where(sql`id = ${u.id}`)),
          ])
          const team = people.map((u, i) => ({ id: u.id, role: u.role, active: active[i]! }))
          const kases: { id: number; receivedAt: number; dueAt: number; clockStopped: boolean; assignedTo: number | null }[] = []
          for (const d of caseDrafts) {
            const assignedTo = d.assignee === null ? null : people[d.assignee]!.id // the two facilitators
            const row = await insertCase(t.db, { now: base, hoursAgo: d.receivedAgoMs / HOUR, targetHours: d.targetHours, status: d.status, assignedTo })
            kases.push({ id: row.id, receivedAt: row.receivedAt, dueAt: row.dueAt, clockStopped: !openStatuses.includes(d.status), assignedTo })
          }
          const starts = rungStarts(ladder)
          const clocks = clockDrafts
            .map((c) => {
              if (c.kind === 'any') return base + c.afterMs
              const k = kases[c.kase % kases.length]!
              return rungStartsAt(starts[c.rung % starts.length]!, k.receivedAt, k.dueAt) + c.delta
            })
            .sort((a, b) => a - b)

          // The model: rungs recorded so far per case, and every alert the passes have sent.
          const recorded = new Map(kases.map((k) => [k.id, new Set<number>()]))
          const expectedAlerts: string[] = []
          for (const now of clocks) {
            await sweep(t.db, now, { zone, chunkSize })
            for (const k of kases) {
              const seen = recorded.get(k.id)!
              const fresh = dueRungs(k, ladder, now).filter((r) => !seen.has(r))
              fresh.forEach((r) => seen.add(r))
              for (const [user, rung] of alertRungs(fresh, ladder, k, team)) expectedAlerts.push(`${k.id}:${user}:${rung}:${rung === 0 ? 'pengingat' : 'eskalasi'}`)
            }
            const rungsInDb = (await t.db.select().from(escalations)).map((e) => `${e.caseId}:${e.rung}`).sort()
            expect(rungsInDb).toEqual([...recorded].flatMap(([id, rungs]) => [...rungs].map((r) => `${id}:${r}`)).sort())
            const alertsInDb = (await t.db.select().from(alerts).where(sql`case_id IS NOT NULL`)).map((a) => `${a.caseId}:${a.userId}:${a.rung}:${a.kind}`).sort()
            expect(alertsInDb).toEqual([...expectedAlerts].sort())
          }
          checkedAlerts += expectedAlerts.length
        },
      ),
      { numRuns: 50 },
    )
    // The generators reach the interesting part: people alerted, not only empty sets.
    expect(checkedAlerts).toBeGreaterThan(50)
  }, 120_000) // fifty databases' worth of sweeps: a ceiling for a loaded machine, not a wait
})
