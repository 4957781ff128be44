// Shared pieces of the benchmarks: the real Node server as a child process, signing in, a valid
// intake form, and the result table.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { validReport as validForm } from '../test/support/report'

export const demoPassword = 'bench-demo-password-1'
/** Benuamelayu Darat (Kota Pontianak, `kelurahanA`) has a demo facilitator. */
export const facilitatorA = 'fas-6171011003'
export { kelurahanA } from '../test/support/report'

export type Row = { area: string; figure: string; value: string; reference: string; ok: boolean | null; raw?: Record<string, unknown> }

export type Server = { origin: string; pid: number; child: ChildProcess; rssMb(): number; cpuMs(): number; stop(): Promise<void> }

/**
 * The CPU time (user + system, all threads) process `pid` has used so far, in ms, from
 * /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms on Linux).
 */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // After the command name in parentheses, which may itself hold spaces: field 3 onwards.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** The Node flags of `npm start` (package.json), so the bench server runs as the real one does. */
function startFlags(): string[] {
  const [command, ...args] = (JSON.parse(readFileSync('package.json', 'utf8')).scripts.start as string).split(/\s+/)
  if (command !== 'node') throw new Error('npm start no longer runs plain node: update bench/support.ts')
  return args.filter((arg) => arg.startsWith('--'))
}

let cpuProfileDir: string | null = null

/** From now on each `app` server writes a V8 CPU profile into `dir` when it stops (`npm run bench -- --cpu-prof DIR`). */
export function profileAppServersInto(dir: string) {
  cpuProfileDir = dir
}

/**
 * Starts bench/server.ts (`app` on `dbUrl`, or `bare`) from the bundle `npm run build:node` made,
 * under plain node with the flags of `npm start`, as `npm start` runs the app.
 */
export async function startServer(mode: 'app' | 'bare', dbUrl?: string): Promise<Server> {
  const photos = dbUrl ? join(dirname(dbUrl.slice('file:'.length)), 'photos') : undefined
  const profile = mode === 'app' && cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []
  const child = spawn(process.execPath, [...startFlags(), ...profile, 'dist/node/bench-server.js', mode], {
    env: { ...process.env, DATABASE_URL: dbUrl, SIGAP_PHOTOS_DIR: photos, SIGAP_DEMO_PASSWORD: demoPassword, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const origin = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server (${mode}) exited with ${code}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{"origin"')) resolve(JSON.parse(line).origin)
    })
  })
  return {
    origin,
    pid: child.pid!,
    child,
    rssMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
    cpuMs: () => cpuMsOf(child.pid!),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Signs in through POST /login and returns the session cookie (`name=value`). */
export async function signIn(origin: string, username: string, password = demoPassword): Promise<string> {
  const res = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, next: '/' }).toString(),
  })
  const cookie = res.headers.getSetCookie().find((c) => /^(__Host-)?sigap=/.test(c))
  if (res.status !== 303 || !cookie) throw new Error(`sign-in as ${username} failed: ${res.status}`)
  return cookie.split(';')[0]!
}

/** A complete, valid intake form (the tests' form) in `categoryId`, with a fresh idempotency key. */
export function validReport(categoryId: number, overrides: Record<string, string> = {}): Record<string, string> {
  return validForm({ category: String(categoryId), ...overrides })
}

/** The first category offered on the intake form. */
export async function firstCategoryId(origin: string, cookie: string): Promise<number> {
  const html = await (await fetch(`${origin}/intake`, { headers: { Cookie: cookie } })).text()
  const select = /<select[^>]*name="category"[\s\S]*?<\/select>/.exec(html)?.[0] ?? ''
  const id = /<option value="(\d+)"/.exec(select)?.[1]
  if (!id) throw new Error('no category on the intake form')
  return Number(id)
}

/** Posts one intake report and returns the new case's id. */
export async function postReport(origin: string, cookie: string, form: Record<string, string>): Promise<number> {
  const res = await fetch(`${origin}/intake`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })
  const id = /\/cases\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]
  if (res.status !== 303 || !id) throw new Error(`intake failed: ${res.status}`)
  return Number(id)
}

/** The one-minute load average now (for `loadNote`). */
export const loadNow = () => loadavg()[0]!

/**
 * The load average before and after a measurement beside the CPU count: a time ratio taken while
 * other work held the CPUs is not the app's own, and its row says so.
 */
export function loadNote(before: number, after: number): string {
  return `load ${before.toFixed(1)}→${after.toFixed(1)} on ${availableParallelism()} CPUs${machineBusy(before, after) ? ': machine busy (beban mesin tinggi)' : ''}`
}

/** More runnable work than CPUs before or after: other work queued with the measurement. */
export const machineBusy = (before: number, after: number) => Math.max(before, after) > availableParallelism()

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
export const ms = (value: number) => `${Math.round(value)} ms`

/** Prints the rows as one aligned table. */
export function printTable(rows: Row[]) {
  const head = ['area', 'figure', 'value', 'baseline / budget', 'ok']
  const cells = rows.map((r) => [r.area, r.figure, r.value, r.reference, r.ok === null ? '–' : r.ok ? 'ok' : 'MISSED'])
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) => '| ' + c.map((s, i) => s.padEnd(widths[i]!)).join(' | ') + ' |'
  console.log([line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...cells.map(line)].join('\n'))
}
