// Sweep scaling: the real sweep over 1,000,000 and over 10,000 generated cases with the same 1,000
// due. Each timing runs on a fresh copy of the seeded file, so every run has the same work to do.
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { defaultBulkNow, seedBulk } from '../scripts/seed-bulk'
import { openFileDb } from '../worker/db/open-file'
import { loadNote, loadNow, ms, type Row } from './support'

export const sweepBudget = { ratio: 1.5 }
const due = 1000
const open = 1000
const runs = 3

type SweepFn = (db: Awaited<ReturnType<typeof openFileDb>>, now: number, opts: { zone: string }) => Promise<{ cases: number; chunks: number }>

export async function loadSweep(): Promise<SweepFn | null> {
  if (!existsSync('worker/jobs/sweep.ts')) return null
  const mod = (await import('../worker/jobs/sweep')) as { sweep?: SweepFn }
  return mod.sweep ?? null
}

async function timeSweep(sweep: SweepFn, seeded: string, work: string, now: number): Promise<{ ms: number; cases: number }[]> {
  const timings = []
  for (let i = 0; i < runs; i++) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(work + suffix, { force: true })
    copyFileSync(seeded, work)
    // The copy is the bench's setup: its writeback is forced now, or the sweep's first commit, whose
    // fsync flushes the whole file, would wait for the hundreds of megabytes just copied.
    const fd = openSync(work, 'r+')
    fsyncSync(fd)
    closeSync(fd)
    const db = await openFileDb(`file:${work}`)
    const started = performance.now()
    const report = await sweep(db, now, { zone: 'Asia/Pontianak' })
    timings.push({ ms: performance.now() - started, cases: report.cases })
    db.$client.close()
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(work + suffix, { force: true })
  return timings
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export async function measureSweepScaling(dir: string, log: (line: string) => void): Promise<Row[]> {
  const sweep = await loadSweep()
  if (!sweep) return [{ area: 'sweep', figure: 'sweep 1,000,000 ÷ 10,000 cases (1,000 due)', value: 'not built yet', reference: `≤ ${sweepBudget.ratio}`, ok: null }]
  const now = Date.parse(defaultBulkNow)
  const sizes = [10_000, 1_000_000]
  const result: Record<number, { ms: number; cases: number; seedSeconds: number }> = {}
  const loadBefore = loadNow()
  for (const size of sizes) {
    const file = join(dir, `sweep-${size}.db`)
    const seedSeconds = await seedBulk({ url: `file:${file}`, cases: size, due, open, now, force: true, progress: (done, total) => process.stderr.write(`\r  seeding ${done.toLocaleString('en')} / ${total.toLocaleString('en')} cases`) })
    process.stderr.write('\n')
    log(`  seeded ${size.toLocaleString('en')} cases in ${seedSeconds.toFixed(1)} s`)
    const timings = await timeSweep(sweep, file, join(dir, `sweep-${size}-work.db`), now)
    result[size] = { ms: median(timings.map((t) => t.ms)), cases: timings[0]!.cases, seedSeconds }
    rmSync(file, { force: true })
  }
  const small = result[10_000]!
  const big = result[1_000_000]!
  const ratio = big.ms / small.ms
  const load = loadNote(loadBefore, loadNow())
  return [
    { area: 'bulk seed', figure: 'npm run seed:bulk -- --cases 1000000', value: `${big.seedSeconds.toFixed(1)} s`, reference: '< 60 s', ok: big.seedSeconds < 60 },
    { area: 'sweep', figure: `sweep over 10,000 cases, ${due} due (median of ${runs})`, value: ms(small.ms), reference: `${small.cases} cases escalated`, ok: small.cases === due, raw: small },
    { area: 'sweep', figure: `sweep over 1,000,000 cases, ${due} due (median of ${runs})`, value: ms(big.ms), reference: `${big.cases} cases escalated`, ok: big.cases === due, raw: big },
    { area: 'sweep', figure: `sweep 1,000,000 ÷ 10,000 cases (${load})`, value: ratio.toFixed(2), reference: `≤ ${sweepBudget.ratio}`, ok: ratio <= sweepBudget.ratio },
  ]
}
