// The demo month `npm start` loads into an empty development database (issue 18).
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { Db } from '../../worker/db/client'
import { demoMonth, loadDemoMonth } from '../../worker/demo-month'
import { rebuildRollups } from '../../worker/db/queries/dashboard'
import { caseRollups } from '../../worker/db/schema-dashboard'
import { findUserByUsername } from '../../worker/db/queries/sessions'
import { loadDemoUsers } from '../../worker/db/seed'
import { caseStatuses } from '../../worker/domain/case'
import { channels } from '../../worker/domain/glossary'
import { loadDemoConversations, prepareDemo } from '../../worker/demo'
import { verifyPassword } from '../../worker/security/password'
import { testConfig } from '../support/config'
import { freshDb } from '../support/db'

const now = Date.parse('2026-12-06T10:00:00+07:00')
const day = 86_400_000
const config = testConfig()
const rows = async (db: Db, query: string) => (await db.$client.execute(query)).rows
const one = async (db: Db, query: string) => Number((await rows(db, query))[0]![0])

describe('demo month', () => {
  it('fills an empty database with a month of cases in every state, through the app’s own writes', async () => {
    const { db } = await freshDb()
    await loadDemoUsers(db, config, now - 40 * day, 'kata-sandi-demo')
    const started = performance.now()
    expect(await loadDemoMonth(db, config, now)).toBe(demoMonth.cases)
    console.info(`demo month: ${demoMonth.cases} cases in ${Math.round(performance.now() - started)} ms`)

    expect(await one(db, 'SELECT count(*) FROM cases')).toBe(demoMonth.cases)
    // Dated relative to now: the last 30 days, none in the future.
    expect(await one(db, `SELECT count(*) FROM cases WHERE received_at > ${now} OR received_at < ${now - demoMonth.days * day}`)).toBe(0)
    expect(await one(db, `SELECT count(*) FROM cases WHERE received_at > ${now - 2 * day}`)).toBeGreaterThan(10)
    const statuses = (await rows(db, 'SELECT DISTINCT status FROM cases')).map((r) => r[0])
    expect(new Set(statuses)).toEqual(new Set(caseStatuses))
    expect((await rows(db, 'SELECT DISTINCT channel FROM cases')).map((r) => r[0]).sort()).toEqual(Object.keys(channels).sort())
    expect(await one(db, 'SELECT count(DISTINCT kelurahan_code) FROM cases')).toBeGreaterThan(25)
    expect(await one(db, 'SELECT count(DISTINCT category_id) FROM cases')).toBeGreaterThan(15)

    // Overdue and escalated open cases, as the sweep leaves them: marks, rungs, inbox alerts.
    expect(await one(db, `SELECT count(*) FROM cases WHERE status IN ('baru','ditugaskan','ditangani','dirujuk') AND due_at < ${now} AND overdue_at IS NOT NULL`)).toBeGreaterThan(3)
    expect(await one(db, 'SELECT count(DISTINCT case_id) FROM escalations WHERE rung >= 2')).toBeGreaterThan(0)
    expect(await one(db, 'SELECT count(*) FROM alerts')).toBeGreaterThan(0)
    expect(await one(db, 'SELECT count(*) FROM cases WHERE escalated_at IS NOT NULL')).toBeGreaterThan(0)
    // Shelter stays (some still there, some home), vehicle trips (one still out), survey answers.
    expect(await one(db, 'SELECT count(*) FROM shelter_stays WHERE discharged_at IS NULL')).toBeGreaterThan(0)
    expect(await one(db, 'SELECT count(*) FROM shelter_stays WHERE discharged_at IS NOT NULL')).toBeGreaterThan(0)
    expect(await one(db, `SELECT count(*) FROM dispatches WHERE status = 'selesai'`)).toBeGreaterThan(0)
    expect(await one(db, 'SELECT count(*) FROM survey_responses')).toBeGreaterThan(20)
    expect(await one(db, 'SELECT count(*) FROM referrals')).toBeGreaterThan(0)

    // Consistent: every case has its creation event and audit row, every status change its event,
    // and the dashboard rollups equal a rebuild from the cases.
    expect(await one(db, `SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'dibuat')`)).toBe(0)
    expect(await one(db, `SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.case_id = c.id AND a.action = 'case.create')`)).toBe(0)
    expect(
      await one(db, `SELECT count(*) FROM cases c WHERE status <> coalesce((SELECT to_status FROM case_events e WHERE e.case_id = c.id AND e.to_status IS NOT NULL ORDER BY e.at DESC, e.id DESC LIMIT 1), '')`),
    ).toBe(0)
    expect(await rows(db, `SELECT kind, at - ${now} FROM case_events WHERE at > ${now}`)).toEqual([])
    const snapshot = async () => (await db.select().from(caseRollups).where(sql`received <> 0 OR escalated <> 0 OR handled <> 0 OR within_target <> 0 OR handle_minutes <> 0`)).map((r) => JSON.stringify(r)).sort()
    const kept = await snapshot()
    await rebuildRollups(db, 420)
    expect(await snapshot()).toEqual(kept)

    // Never twice: a database with cases is left alone.
    expect(await loadDemoMonth(db, config, now + day)).toBeNull()
    expect(await one(db, 'SELECT count(*) FROM cases')).toBe(demoMonth.cases)
  })

  it('is refused in production', async () => {
    const { db } = await freshDb()
    await expect(loadDemoMonth(db, { ...config, production: true }, now)).rejects.toThrow('never loaded in production')
  })
})

describe('demo start (prepareDemo)', () => {
  it('says how to sign in at every start, and SIGAP_DEMO_PASSWORD given later replaces the demo password', async () => {
    const { db } = await freshDb()
    const first = await prepareDemo(db, testConfig({ SIGAP_DEMO_CASES: '0' }), now)
    const generated = /^Password: (\S+) \(generated/.exec(first.find((l) => l.startsWith('Password'))!)![1]!
    expect(first[0]).toBe('Sign in at http://localhost/login as operator, supervisor, kepala, admin, asisten, walikota, or a facilitator: fas-<kelurahan code digits>, e.g. fas-6171011002 (Benuamelayu Laut).')
    expect(await one(db, 'SELECT count(*) FROM cases')).toBe(0)

    const second = await prepareDemo(db, testConfig({ SIGAP_DEMO_CASES: '0' }), now)
    expect(second.at(-1)).toBe('Password: the one printed at the first start; forgot it? SIGAP_DEMO_PASSWORD=… npm start sets a new one')
    const operator = await findUserByUsername(db, 'operator')
    expect(await verifyPassword(generated, operator!.passwordHash, config)).toMatchObject({ ok: true })

    const third = await prepareDemo(db, testConfig({ SIGAP_DEMO_PASSWORD: 'sandi-baru-demo', SIGAP_DEMO_CASES: '0' }), now)
    expect(third.at(-1)).toBe('Password: the value of SIGAP_DEMO_PASSWORD')
    for (const username of ['operator', 'admin', 'fas-6171011003']) {
      const user = await findUserByUsername(db, username)
      expect(await verifyPassword('sandi-baru-demo', user!.passwordHash, config)).toMatchObject({ ok: true })
    }
  })
})

describe('demo WhatsApp conversations', () => {
  it('leaves two conversations waiting in Pesan masuk, minutes old, once', async () => {
    const { db } = await freshDb()
    expect(await loadDemoConversations(db, now)).toBe(2)
    expect(await loadDemoConversations(db, now)).toBe(0)
    expect((await rows(db, 'SELECT status, first_message_at FROM wa_conversations ORDER BY id')).map((r) => [r[0], (now - Number(r[1])) / 60_000])).toEqual([['baru', 95], ['baru', 25]])
    expect((await rows(db, 'SELECT kind FROM wa_messages ORDER BY id')).map((r) => r[0])).toEqual(['text', 'location', 'text', 'text'])
  })
})
