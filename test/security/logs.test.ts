import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestApp, testPassword } from '../support/app'
import { fileCase } from '../support/handling'

// Canaries: if any of these reaches the application's output, a log leaks personal data or secrets.
const canaryNik = '6171015508900001'
const canaryDiagnosis = 'skizofrenia-kanari-7731'
const canaryName = 'Kanari Wulandari'

describe('application logs', () => {
  afterEach(() => vi.restoreAllMocks())

  it('carry no NIK, diagnosis, name, password or session token through a full flow, errors included', async () => {
    const lines: string[] = []
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' ')))
    }
    const writes = vi.spyOn(process.stderr, 'write')
    const t = await createTestApp()
    await t.addUser('operator', { username: 'budi' })
    const login = await t.request('/login', { form: { username: 'budi', password: testPassword } })
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const token = cookie.split('=')[1]!
    await t.request('/login', { form: { username: 'budi', password: `${testPassword}-salah` } })
    const kase = await fileCase(t, cookie, { person_nik: canaryNik, person_name: canaryName, description: `Diagnosis: ${canaryDiagnosis}` })
    const admin = await t.cookieFor(await t.addUser('admin'))
    await t.request(`/cases/${kase.id}`, { cookie: admin })
    await t.request(`/cases?q=${canaryNik}`, { cookie: admin })
    await t.request('/admin/privacy/export', { cookie: admin, form: { nik: canaryNik, phone: '', format: 'json' } })
    await t.request('/admin/audit.csv', { cookie: admin })
    // A failing write with the canaries in its parameters: the 500 path must not echo SQL or values.
    t.db.$client.close()
    const failed = await t.request('/intake', { cookie, form: { idem: 'x', person_nik: canaryNik, description: canaryDiagnosis } })
    expect(failed.status).toBeGreaterThanOrEqual(400)

    const output = [...lines, ...writes.mock.calls.map((c) => String(c[0]))].join('\n')
    for (const secret of [canaryNik, canaryDiagnosis, canaryName, testPassword, token]) expect(output).not.toContain(secret)
  })
})
