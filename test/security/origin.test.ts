// The first hour (issue 18): Sigap opened at 127.0.0.1 or a LAN address instead of SIGAP_ORIGIN.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTestApp, testPassword } from '../support/app'

afterEach(() => vi.restoreAllMocks())

/** A sign-in posted by the page the browser opened at `at` (so Origin and Sec-Fetch-Site say so). */
async function signInAt(t: Awaited<ReturnType<typeof createTestApp>>, at: string, headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin', Origin: at }) {
  return t.app.request(`${at}/login`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'masuk', password: testPassword }).toString(),
    redirect: 'manual',
  })
}

describe('the address the browser used', () => {
  it('in development, signs in from the loopback at another name or port than SIGAP_ORIGIN', async () => {
    const t = await createTestApp({ config: { origin: 'http://localhost:8787' } })
    await t.addUser('operator', { username: 'masuk' })
    for (const at of ['http://127.0.0.1:8787', 'http://[::1]:8787', 'http://localhost:3000']) {
      expect((await signInAt(t, at)).status, at).toBe(303)
      // An older browser without Fetch Metadata sends Origin alone.
      expect((await signInAt(t, at, { Origin: at })).status, at).toBe(303)
    }
  })

  it('in development, still refuses another loopback port posting here, and any cross-site page', async () => {
    const t = await createTestApp({ config: { origin: 'http://localhost:8787' } })
    await t.addUser('operator', { username: 'masuk' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const attempts: Record<string, string>[] = [{ Origin: 'http://127.0.0.1:9999' }, { Origin: 'http://127.0.0.1:9999', 'Sec-Fetch-Site': 'same-site' }, { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' }]
    for (const headers of attempts) {
      const res = await signInAt(t, 'http://127.0.0.1:8787', headers)
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect(await res.text()).toContain('Permintaan lintas situs ditolak.')
    }
    expect(warn).not.toHaveBeenCalled()
  })

  it('elsewhere, explains the refusal on the page and in the log, naming SIGAP_ORIGIN', async () => {
    const t = await createTestApp({ config: { origin: 'http://localhost:8787' } })
    await t.addUser('operator', { username: 'masuk' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const res = await signInAt(t, 'http://192.168.1.20:8787')
    expect(res.status).toBe(403)
    const html = await res.text()
    expect(html).toContain('Sigap dibuka lewat http://192.168.1.20:8787, sedangkan alamat yang diatur adalah http://localhost:8787 (pengaturan SIGAP_ORIGIN).')
    expect(warn.mock.calls).toEqual([['refused a form sent from http://192.168.1.20:8787: SIGAP_ORIGIN is http://localhost:8787; open Sigap at http://localhost:8787, or set SIGAP_ORIGIN to the address people use']])
  })

  it('in production, accepts SIGAP_ORIGIN only, also on the loopback', async () => {
    const t = await createTestApp({ config: { origin: 'https://sigap.example.go.id', production: true } })
    await t.addUser('operator', { username: 'masuk' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const res = await signInAt(t, 'http://127.0.0.1:8787')
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('(pengaturan SIGAP_ORIGIN)')
    expect(warn).toHaveBeenCalledTimes(1)
    expect((await signInAt(t, 'https://sigap.example.go.id')).status).toBe(303)
  })
})
