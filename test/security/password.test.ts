import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { nodePasswordIterations, readConfig, workerPasswordIterations } from '../../worker/config'
import { users } from '../../worker/db/schema'
import { hashPassword, verifyPassword } from '../../worker/security/password'
import { createTestApp, testPassword } from '../support/app'

const settings = { pepper: 'lada-hitam', passwordIterations: 1_000 }

describe('password hashing', () => {
  it('stores the scheme and the iteration count with a salted hash', async () => {
    const stored = await hashPassword('kata sandi', settings)
    expect(stored).toMatch(/^pbkdf2-sha256\$1000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/)
    // A fresh salt each time: equal passwords do not give equal hashes.
    expect(await hashPassword('kata sandi', settings)).not.toBe(stored)
  })

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('kata sandi', settings)
    expect(await verifyPassword('kata sandi', stored, settings)).toEqual({ ok: true })
    expect(await verifyPassword('kata sandj', stored, settings)).toEqual({ ok: false })
    expect(await verifyPassword('', stored, settings)).toEqual({ ok: false })
  })

  it('depends on the pepper: the right password with another pepper fails', async () => {
    const stored = await hashPassword('kata sandi', settings)
    expect(await verifyPassword('kata sandi', stored, { ...settings, pepper: 'lada-putih' })).toEqual({ ok: false })
  })

  it('refuses stored strings of another scheme or a broken shape', async () => {
    const stored = await hashPassword('kata sandi', settings)
    for (const bad of [stored.replace('pbkdf2-sha256', 'pbkdf2-sha1'), stored.replace('$1000$', '$abc$'), 'pbkdf2-sha256$1000$', '', 'plaintext']) {
      expect(await verifyPassword('kata sandi', bad, settings), bad).toEqual({ ok: false })
    }
  })

  it('verifies a hash made with another iteration count and returns a rehash with this runtime’s count', async () => {
    const old = await hashPassword('kata sandi', { ...settings, passwordIterations: 500 })
    const result = await verifyPassword('kata sandi', old, settings)
    expect(result.ok).toBe(true)
    expect(result.rehash).toMatch(/^pbkdf2-sha256\$1000\$/)
    expect(await verifyPassword('kata sandi', result.rehash!, settings)).toEqual({ ok: true })
    // A wrong password never yields a rehash.
    expect(await verifyPassword('salah', old, settings)).toEqual({ ok: false })
  })

  it('stores the upgraded hash when a user signs in', async () => {
    const t = await createTestApp()
    const user = await t.addUser('operator', { username: 'budi' })
    await t.db.update(users).set({ passwordHash: await hashPassword(testPassword, { ...t.config, passwordIterations: 500 }) }).where(eq(users.id, user.id))
    const res = await t.request('/login', { form: { username: 'budi', password: testPassword } })
    expect(res.status).toBe(303)
    const [stored] = await t.db.select().from(users).where(eq(users.id, user.id))
    expect(stored!.passwordHash).toMatch(new RegExp(`^pbkdf2-sha256\\$${t.config.passwordIterations}\\$`))
    expect(await verifyPassword(testPassword, stored!.passwordHash, t.config)).toEqual({ ok: true })
    t.clock.advance({ seconds: 1 })
    expect((await t.request('/login', { form: { username: 'budi', password: testPassword } })).status).toBe(303)
  })
})

const longPepper = 'uji-pepper-yang-panjang-dan-acak-0123456789'

describe('work factors', () => {
  it('uses at least 600,000 iterations on Node (OWASP PBKDF2-SHA256)', () => {
    expect(nodePasswordIterations).toBeGreaterThanOrEqual(600_000)
    expect(readConfig({}, 'node').passwordIterations).toBe(nodePasswordIterations)
  })

  // Workers refuse PBKDF2 above 100,000 iterations in production while a local workerd accepts
  // more, so only this assertion stops a deployment that cannot sign anyone in.
  it('uses at most 100,000 iterations on the Worker', () => {
    expect(workerPasswordIterations).toBeLessThanOrEqual(100_000)
    const config = readConfig({ SIGAP_PEPPER: longPepper, SIGAP_ORIGIN: 'https://sigap.example.go.id' }, 'worker')
    expect(config.passwordIterations).toBeLessThanOrEqual(100_000)
  })

  it('requires a pepper and an origin in production', () => {
    expect(() => readConfig({ SIGAP_ORIGIN: 'https://sigap.example.go.id' }, 'worker')).toThrow(/SIGAP_PEPPER/)
    expect(() => readConfig({ SIGAP_PEPPER: longPepper }, 'worker')).toThrow(/SIGAP_ORIGIN/)
    expect(() => readConfig({ NODE_ENV: 'production', SIGAP_ORIGIN: 'https://sigap.example.go.id' }, 'node')).toThrow(/SIGAP_PEPPER/)
  })

  it('refuses in production a pepper under 32 characters or an origin that is not https (issue 16)', () => {
    const origin = 'https://sigap.example.go.id'
    for (const runtime of ['node', 'worker'] as const) {
      const env = runtime === 'node' ? { NODE_ENV: 'production' } : {}
      expect(() => readConfig({ ...env, SIGAP_PEPPER: 'a', SIGAP_ORIGIN: origin }, runtime)).toThrow(/SIGAP_PEPPER must be at least 32/)
      expect(() => readConfig({ ...env, SIGAP_PEPPER: 'sigap-development-pepper', SIGAP_ORIGIN: origin }, runtime)).toThrow(/SIGAP_PEPPER/)
      expect(() => readConfig({ ...env, SIGAP_PEPPER: longPepper, SIGAP_ORIGIN: 'http://sigap.example.go.id' }, runtime)).toThrow(/https/)
      expect(readConfig({ ...env, SIGAP_PEPPER: longPepper, SIGAP_ORIGIN: origin }, runtime).origin).toBe(origin)
      // The loopback, where wrangler dev and a local check run, is a secure context to browsers too.
      expect(readConfig({ ...env, SIGAP_PEPPER: longPepper, SIGAP_ORIGIN: 'http://127.0.0.1:8787' }, runtime).origin).toBe('http://127.0.0.1:8787')
    }
    // Development keeps its defaults.
    expect(readConfig({}, 'node').pepper).toBe('sigap-development-pepper')
  })

  it('signs survey links with their own secret, derived from the pepper under a label, never the pepper itself (issue 16)', async () => {
    const config = readConfig({ SIGAP_PEPPER: longPepper, SIGAP_ORIGIN: 'https://sigap.example.go.id' }, 'worker')
    expect(config.surveySecret).not.toBe(config.pepper)
    expect(config.surveySecret).not.toBe(config.deviceSecret)
    expect(config.surveySecret).toBe(readConfig({ SIGAP_PEPPER: longPepper, SIGAP_ORIGIN: 'https://sigap.example.go.id' }, 'worker').surveySecret)
    expect(config.surveySecret).not.toBe(readConfig({ SIGAP_PEPPER: `${longPepper}x`, SIGAP_ORIGIN: 'https://sigap.example.go.id' }, 'worker').surveySecret)
  })
})

describe('password hashes on the Worker', () => {
  it('reports a hash above the Workers cap as needing a reset instead of computing it', async () => {
    const nodeHash = await hashPassword('rahasia-panjang', { pepper: 'p', passwordIterations: 100_001 })
    const result = await verifyPassword('rahasia-panjang', nodeHash, { pepper: 'p', passwordIterations: 100_000, runtime: 'worker' })
    expect(result).toEqual({ ok: false, unverifiable: true })
  })
})
