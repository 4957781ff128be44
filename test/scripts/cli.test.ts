// The deployer's first day (issue 18): the README's commands as written, and a failure is one line.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../../scripts/sqld'

const dir = mkdtempSync(join(tmpdir(), 'sigap-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** `npm run --silent <script> -- args` (npm's own banner off), with only the given environment. */
async function npmRun(script: string, args: string[], env: Record<string, string>) {
  const run = promisify(execFile)
  const base = { PATH: process.env.PATH!, HOME: process.env.HOME!, TMPDIR: tmpdir() }
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', script, '--', ...args], { env: { ...base, ...env } })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string }
    return { code, stdout, stderr }
  }
}

describe('npm scripts', () => {
  it('creates the first admin for a Worker deployment as the README writes it, and refuses a second in one line', async () => {
    // README: DATABASE_URL=… DATABASE_AUTH_TOKEN=… SIGAP_PEPPER=… SIGAP_RUNTIME=worker SIGAP_ADMIN_PASSWORD=… npm run admin:create -- admin
    const env = { DATABASE_URL: `file:${join(dir, 'sigap.db')}`, SIGAP_PEPPER: 'lada-rahasia-uji-yang-panjang-dan-acak-2026', SIGAP_RUNTIME: 'worker', SIGAP_ADMIN_PASSWORD: 'kata-sandi-admin-1' }
    expect(await npmRun('db:migrate', [], { DATABASE_URL: env.DATABASE_URL })).toMatchObject({ code: 0 })
    expect(await npmRun('admin:create', ['admin'], env)).toMatchObject({ code: 0, stdout: 'Admin admin created.\n' })
    const again = await npmRun('admin:create', ['admin'], env)
    expect(again).toMatchObject({ code: 1, stderr: 'error: user "admin" already exists; nothing changed (an admin resets passwords at /admin/users)\n' })
  }, 300_000)

  it('walks the README\'s Worker trial on a real sqld: libsql:server, db:migrate and admin:create over HTTP, then Ctrl-C', async () => {
    const port = await freePort()
    // Its own process group, so that stopping it stops npm, tsx and sqld together, as Ctrl-C does.
    const server = spawn('npm', ['run', '--silent', 'libsql:server', '--', '--port', String(port), '--db-path', join(dir, 'worker-sqld')], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)))
    try {
      const banner = await new Promise<string>((done, fail) => {
        let out = ''
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          if (out.includes('\n')) done(out)
        })
        server.stderr.on('data', (chunk: Buffer) => fail(new Error(chunk.toString())))
        void exited.then((code) => fail(new Error(`libsql:server exited ${code}`)))
      })
      expect(banner).toBe(`libSQL server (sqld 0.24.32 (40c272de 2025-02-14)) on http://127.0.0.1:${port}, data in ${join(dir, 'worker-sqld')}; Ctrl-C stops it\n`)
      const env = { DATABASE_URL: `http://127.0.0.1:${port}`, SIGAP_PEPPER: 'local-wrangler-dev-pepper-not-for-production' }
      expect(await npmRun('db:migrate', [], env)).toMatchObject({ code: 0, stdout: `Database at http://127.0.0.1:${port} is up to date.\n` })
      expect(await npmRun('admin:create', ['admin'], { ...env, SIGAP_RUNTIME: 'worker', SIGAP_ADMIN_PASSWORD: 'kata-sandi-admin-1' })).toMatchObject({ code: 0, stdout: 'Admin admin created.\n' })
    } finally {
      process.kill(-server.pid!, 'SIGINT')
    }
    await exited
    expect(await npmRun('libsql:server', ['--port', 'delapan'], {})).toMatchObject({ code: 1, stderr: 'error: --port must be a port number, not delapan\n' })
  }, 300_000)

  it('answers a bad argument with one line, not a stack trace', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'other.db')}` }
    expect(await npmRun('sweep', ['--now', 'kemarin'], env)).toMatchObject({ code: 1, stderr: 'error: usage: npm run sweep -- [--now 2026-11-24T09:00:00+07:00]\n' })
    expect(await npmRun('admin:create', ['admin'], { ...env, SIGAP_ADMIN_PASSWORD: 'pendek' })).toMatchObject({ code: 1, stderr: 'error: Set SIGAP_ADMIN_PASSWORD to at least 12 characters\n' })
    expect(await npmRun('admin:create', ['admin'], { ...env, SIGAP_ADMIN_PASSWORD: 'kata-sandi-admin-1', SIGAP_RUNTIME: 'worker' })).toMatchObject({ code: 1, stderr: 'error: SIGAP_PEPPER is required in production\n' })
  }, 300_000)
})
