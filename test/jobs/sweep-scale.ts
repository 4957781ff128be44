// Measurement, not a test: `npx tsx test/jobs/sweep-scale.ts 10000 100000` times one sweep over N
// cases of which 1,000 are due (the rest closed), on fresh libSQL files. The 1,000,000-case figure
// belongs to `npm run bench` (issue 10); this is the quick ratio.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { openFileDb } from '../../worker/db/open-file'
import { prepareDatabase } from '../../worker/db/prepare'
import { sweep } from '../../worker/jobs/sweep'
import { testConfig } from '../support/config'

const HOUR = 3_600_000
const due = 1_000
const now = Date.parse('2026-11-24T06:00:00+07:00')
let files = 0
const dir = mkdtempSync(join(tmpdir(), 'sigap-scale-'))

async function measure(total: number) {
  const db = await openFileDb(`file:${join(dir, `scale-${total}-${++files}.db`)}`)
  await prepareDatabase(db, testConfig())
  const [{ code }] = (await db.all(sql`SELECT code FROM kelurahan LIMIT 1`)) as [{ code: string }]
  const [{ id: category }] = (await db.all(sql`SELECT id FROM categories LIMIT 1`)) as [{ id: number }]
  await db.run(sql`INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('sup', 'Sup', 'supervisor', 'x', 0)`)
  const started = performance.now()
  // Closed history first, then the due cases: received 25 h ago, 24 h target.
  await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${total})
    INSERT INTO cases (ticket, idempotency_key, status, channel, category_id, urgency, kelurahan_code, address, description,
      reporter_name, reporter_relation, person_name, person_age_group, person_sex, dtks_status, received_at, due_at, resolved_at, updated_at)
    SELECT 'S-' || i, 'k-' || i, CASE WHEN i > ${total - due} THEN 'baru' ELSE 'ditutup' END, 'telepon', ${category}, 'biasa', ${code}, 'a', 'd',
      'r', 'tetangga', 'p', 'dewasa', 'L', 'tidak_diketahui',
      CASE WHEN i > ${total - due} THEN ${now - 25 * HOUR} ELSE ${now} - (i % 5000) * ${HOUR} - 48 * ${HOUR} END,
      CASE WHEN i > ${total - due} THEN ${now - HOUR} ELSE ${now} - (i % 5000) * ${HOUR} - 24 * ${HOUR} END,
      CASE WHEN i > ${total - due} THEN NULL ELSE ${now} - (i % 5000) * ${HOUR} - 30 * ${HOUR} END, ${now}
    FROM n`)
  const seeded = performance.now() - started
  const t0 = performance.now()
  const report = await sweep(db, now, { zone: 'Asia/Pontianak', channels: [] })
  const ms = performance.now() - t0
  db.$client.close()
  console.log(`${total} cases (${due} due): seeded in ${Math.round(seeded)} ms; sweep ${ms.toFixed(1)} ms, ${report.cases} cases, ${report.escalations.length} rungs, ${report.alerts} alerts, ${report.chunks} chunks`)
  return ms
}

const sizes = process.argv.slice(2).map(Number)
const [small, large] = sizes.length === 2 ? sizes : [10_000, 100_000]
await measure(small!) // warm-up: JIT and statement caches, not counted
const a = await measure(small!)
const b = await measure(large!)
console.log(`ratio ${large} / ${small}: ${(b / a).toFixed(2)}`)
rmSync(dir, { recursive: true, force: true })
