// `npm run seed:bulk -- --cases N [--due K] [--open M] [--db file:…] [--now ISO] [--force]`: a migrated
// database with N cases for benchmarks. K cases are due for the sweep (open, past due_at, never marked
// overdue), M are open but well inside their target (no reminder yet), the rest are closed. Rows are
// made inside SQLite by a recursive CTE, in chunks of one write batch each: 1,000,000 cases take seconds.
import { createClient } from '@libsql/client'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { readConfig } from '../worker/config'
import { wrapClient } from '../worker/db/client'
import { rebuildHistograms } from '../worker/db/queries/dashboard'
import { prepareDatabase } from '../worker/db/prepare'
import { loadDemoUsers } from '../worker/db/seed'
import { unknownAreaCodes } from '../worker/domain/unknown-area'

export const defaultBulkNow = '2026-11-24T09:00:00+07:00'

export type BulkOptions = { url: string; cases: number; due: number; open: number; now: number; force?: boolean; progress?: (done: number, total: number) => void }

const hour = 3_600_000
const chunkSize = 50_000

/** Creates the database at `opts.url` and fills it; returns the seconds it took. */
export async function seedBulk(opts: BulkOptions): Promise<number> {
  const started = performance.now()
  const { cases, due, open } = opts
  if (due + open > cases) throw new Error(`--due (${due}) + --open (${open}) exceed --cases (${cases})`)
  const path = opts.url.replace(/^file:/, '')
  if (existsSync(path)) {
    if (!opts.force) throw new Error(`${path} exists; pass --force to replace it`)
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
  }
  mkdirSync(dirname(path) || '.', { recursive: true })
  const client = createClient({ url: opts.url, concurrency: 1 })
  // A generated file: durability while seeding buys nothing, so no fsync until the final checkpoint.
  await client.execute('PRAGMA journal_mode=WAL')
  await client.execute('PRAGMA synchronous=OFF')
  await client.execute('PRAGMA cache_size=-262144')
  await client.execute('PRAGMA foreign_keys=ON')
  const db = wrapClient(client)
  const config = readConfig({ SIGAP_PEPPER: process.env.SIGAP_PEPPER ?? 'sigap-development-pepper', SIGAP_REGION: process.env.SIGAP_REGION ?? '61.71' }, 'node')
  await prepareDatabase(db, config)
  await loadDemoUsers(db, config, opts.now, process.env.SIGAP_DEMO_PASSWORD ?? 'bulk-demo-password')

  // Each kelurahan with its first facilitator, numbered 0..n-1, so row n lands in area n % areas.
  await client.execute(`CREATE TEMP TABLE bulk_areas AS
    SELECT row_number() OVER (ORDER BY k.code) - 1 AS i, k.code AS code,
      (SELECT uk.user_id FROM user_kelurahan uk WHERE uk.kelurahan_code = k.code ORDER BY uk.priority LIMIT 1) AS user_id
    FROM kelurahan k WHERE k.code LIKE '${config.region}.%' AND k.code <> '${unknownAreaCodes(config.region).kelurahan}'`)
  const areaCount = Number((await client.execute('SELECT count(*) AS n FROM bulk_areas')).rows[0]!.n)
  const categoryCount = Number((await client.execute('SELECT count(*) AS n FROM categories')).rows[0]!.n)
  const base = Number((await client.execute('SELECT coalesce(max(id), 0) AS n FROM cases')).rows[0]!.n)
  const operator = (await client.execute(`SELECT id FROM users WHERE role = 'operator' ORDER BY id LIMIT 1`)).rows[0]?.id ?? null

  // The histograms' trigger edits a JSONB object per bucket row (day and month, four dimensions) for
  // every closed case: about 25 s over a million. The seed lays it aside while it inserts, fills both
  // histograms once, grouped, as a rebuild does, and puts the same trigger back (issue 25).
  const histogramTrigger = String((await client.execute(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'cases_buckets_insert'`)).rows[0]!.sql)
  await client.execute('DROP TRIGGER cases_buckets_insert')

  // Row kinds by position: the first K are due, the next M open and young, the rest closed.
  // Times are integers in SQL: `now` minus a spread that depends on n (no randomness: runs repeat).
  const now = opts.now
  const received = `CASE WHEN n <= ${due} THEN ${now} - ${25 * hour} - (n % 1200) * 60000
    WHEN n <= ${due + open} THEN ${now} - (n % 600) * 60000
    ELSE ${now} - ${48 * hour} - (n * 61000) % ${730 * 24 * hour} END`
  // Closed cases took 30 minutes to 47 hours, spread so the dashboard's median histograms fill as
  // real ones would (one handling time for all would make them one bucket); all resolved before now.
  const minutes = `30 + (n * 7919) % 2790`
  for (let from = 1; from <= cases; from += chunkSize) {
    const to = Math.min(cases, from + chunkSize - 1)
    const seq = `WITH RECURSIVE seq(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM seq WHERE n < ${to}),
      s AS (SELECT n, ${received} AS at, ${minutes} AS minutes FROM seq)`
    await client.batch(
      [
        `${seq}
        INSERT INTO cases (id, ticket, idempotency_key, status, channel, category_id, urgency, kelurahan_code, address, rt, rw, landmark,
          description, reporter_name, reporter_phone, reporter_relation, person_name, person_nik, person_age_group, person_sex, dtks_status,
          received_at, due_at, overdue_at, resolved_at, handle_minutes, closed_at, assigned_to, created_by, version, updated_at)
        SELECT ${base} + s.n, 'B' || printf('%07d', s.n), 'bulk-' || s.n,
          CASE WHEN s.n <= ${due + open} THEN 'ditugaskan' ELSE (CASE s.n % 20 WHEN 0 THEN 'ditutup' WHEN 1 THEN 'duplikat' WHEN 2 THEN 'ditolak' ELSE 'selesai' END) END,
          CASE s.n % 4 WHEN 0 THEN 'telepon' WHEN 1 THEN 'whatsapp' WHEN 2 THEN 'datang' ELSE 'lainnya' END,
          1 + s.n % ${categoryCount}, CASE s.n % 10 WHEN 0 THEN 'darurat' WHEN 1 THEN 'segera' ELSE 'biasa' END,
          a.code, 'Jl. Contoh No. ' || (s.n % 300), printf('%d', s.n % 20), printf('%d', s.n % 15), NULL,
          'Laporan uji beban nomor ' || s.n || '.', 'Pelapor ' || s.n, '+628' || printf('%09d', s.n), 'tetangga',
          'Warga ' || s.n, NULL, 'dewasa', CASE s.n % 2 WHEN 0 THEN 'L' ELSE 'P' END, 'tidak_diketahui',
          s.at, s.at + ${24 * hour}, NULL,
          CASE WHEN s.n > ${due + open} THEN s.at + s.minutes * 60000 END, CASE WHEN s.n > ${due + open} THEN s.minutes END,
          CASE WHEN s.n > ${due + open} THEN s.at + s.minutes * 60000 + ${hour} END,
          a.user_id, ${operator}, 1, s.at
        FROM s JOIN bulk_areas a ON a.i = s.n % ${areaCount}`,
        `INSERT INTO case_events (case_id, at, actor_id, kind, to_status)
        SELECT id, received_at, created_by, 'dibuat', 'ditugaskan' FROM cases WHERE id BETWEEN ${base + from} AND ${base + to}`,
      ],
      'write',
    )
    opts.progress?.(to, cases)
  }
  await rebuildHistograms(db)
  await client.execute(histogramTrigger)
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  client.close()
  return (performance.now() - started) / 1000
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      due: { type: 'string' },
      open: { type: 'string' },
      db: { type: 'string' },
      now: { type: 'string', default: defaultBulkNow },
      force: { type: 'boolean', default: false },
    },
  })
  const cases = Number(values.cases)
  if (!Number.isSafeInteger(cases) || cases < 1) throw new Error('usage: npm run seed:bulk -- --cases N [--due K] [--open M] [--db file:path] [--now ISO] [--force]')
  const due = values.due === undefined ? Math.min(1000, cases) : Number(values.due)
  const open = values.open === undefined ? Math.min(1000, cases - due) : Number(values.open)
  const url = values.db ?? `file:data/bulk-${cases}.db`
  const now = Date.parse(values.now)
  if (Number.isNaN(now)) throw new Error(`--now is not a date: ${values.now}`)
  const seconds = await seedBulk({
    url,
    cases,
    due,
    open,
    now,
    force: values.force,
    progress: (done, total) => process.stderr.write(`\rseeding ${url}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} cases`),
  })
  process.stderr.write('\n')
  console.log(`${cases.toLocaleString('en')} cases (${due} due, ${open} open and not yet due) in ${seconds.toFixed(1)} s at ${url}, now = ${values.now}`)
}
