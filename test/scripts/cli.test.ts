// The deployer's first day (issue 18): the README's commands as written, and a failure is one line.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

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

  it('answers a bad argument with one line, not a stack trace', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'other.db')}` }
    expect(await npmRun('sweep', ['--now', 'kemarin'], env)).toMatchObject({ code: 1, stderr: 'error: usage: npm run sweep -- [--now 2026-11-24T09:00:00+07:00]\n' })
    expect(await npmRun('admin:create', ['admin'], { ...env, SIGAP_ADMIN_PASSWORD: 'pendek' })).toMatchObject({ code: 1, stderr: 'error: Set SIGAP_ADMIN_PASSWORD to at least 12 characters\n' })
    expect(await npmRun('admin:create', ['admin'], { ...env, SIGAP_ADMIN_PASSWORD: 'kata-sandi-admin-1', SIGAP_RUNTIME: 'worker' })).toMatchObject({ code: 1, stderr: 'error: SIGAP_PEPPER is required in production\n' })
  }, 300_000)
})
