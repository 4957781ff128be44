import { readFileSync } from 'node:fs'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, sessions, userTotp } from '../../worker/db/schema'
import { sha256Hex } from '../../worker/security/tokens'
import { createTestApp, testPassword, type TestApp } from '../support/app'
import { fileCase } from '../support/handling'

function tokenOf(t: TestApp, res: Response): string {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${t.cookieName}=`))!.split(';')[0]!.split('=')[1]!
}

async function isSignedIn(t: TestApp, cookie: string) {
  return (await t.request('/cases', { cookie })).status === 200
}

describe('sessions', () => {
  it('gives every sign-in a fresh random token of at least 128 bits, stored only as its SHA-256', async () => {
    const t = await createTestApp()
    await t.addUser('operator', { username: 'budi' })
    const tokens = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const token = tokenOf(t, await t.request('/login', { form: { username: 'budi', password: testPassword } }))
      const bytes = Buffer.from(token, 'base64url')
      expect(bytes.length * 8).toBeGreaterThanOrEqual(128)
      expect(Buffer.from(bytes).toString('base64url')).toBe(token)
      tokens.add(token)
    }
    expect(tokens.size).toBe(20)
    const stored = await t.db.select({ id: sessions.id }).from(sessions)
    const hashes = await Promise.all([...tokens].map(sha256Hex))
    expect(stored.map((s) => s.id).sort()).toEqual(hashes.sort())
    for (const token of tokens) expect(stored.some((s) => s.id === token)).toBe(false)
  })

  it('marks every staff page no-store, so the browser keeps no copy of personal data', async () => {
    const t = await createTestApp()
    const operator = await t.cookieFor(await t.addUser('operator'))
    const kase = await fileCase(t, operator)
    const admin = await t.cookieFor(await t.addUser('admin'))
    for (const path of ['/cases', `/cases/${kase.id}`, '/cases?q=Aminah', '/intake', '/alerts', '/admin/users', '/admin/audit', '/admin/privacy', '/account/password']) {
      const res = await t.request(path, { cookie: admin })
      expect(res.status, path).toBe(200)
      expect(res.headers.get('Cache-Control'), path).toBe('no-store')
    }
  })

  it('serves an htmx that keeps no history snapshots in Web Storage (htmx 4 reloads instead)', () => {
    const htmx = readFileSync('node_modules/htmx.org/dist/htmx.min.js', 'utf8')
    expect(htmx).not.toMatch(/localStorage|sessionStorage/)
    const pages = readFileSync('views/layout.tsx', 'utf8')
    expect(pages).not.toMatch(/history-cache/)
  })

  it('lets an admin end all sessions of a user at once, without disabling the account', async () => {
    const t = await createTestApp()
    const user = await t.addUser('operator', { username: 'budi' })
    const phone = await t.cookieFor(user)
    const desk = await t.cookieFor(user)
    const admin = await t.cookieFor(await t.addUser('admin'))
    expect(await isSignedIn(t, phone)).toBe(true)
    const res = await t.request(`/admin/users/${user.id}/end-sessions`, { method: 'POST', cookie: admin })
    expect(res.status).toBe(303)
    expect(await isSignedIn(t, phone)).toBe(false)
    expect(await isSignedIn(t, desk)).toBe(false)
    expect(await isSignedIn(t, admin)).toBe(true)
    expect((await t.request('/login', { form: { username: 'budi', password: testPassword } })).status).toBe(303)
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.user.end_sessions'))
    expect(JSON.parse(row!.detail!)).toEqual({ user: user.id })
  })

  it('ends every session at once when an admin disables the user (issue 9)', async () => {
    const t = await createTestApp()
    const user = await t.addUser('supervisor')
    const cookies = [await t.cookieFor(user), await t.cookieFor(user)]
    const admin = await t.cookieFor(await t.addUser('admin'))
    expect((await t.request(`/admin/users/${user.id}/disable`, { method: 'POST', cookie: admin })).status).toBe(303)
    for (const cookie of cookies) expect(await isSignedIn(t, cookie)).toBe(false)
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([])
  })

  it("lets an admin reset a user's second factor: their sessions end and they enrol again", async () => {
    const t = await createTestApp()
    const user = await t.addUser('kepala', { username: 'kadis' })
    const cookie = await t.cookieFor(user)
    await t.db.insert(userTotp).values({ userId: user.id, secret: 'JBSWY3DPEHPK3PXP', createdAt: t.clock.now(), confirmedAt: t.clock.now() })
    const admin = await t.cookieFor(await t.addUser('admin'))
    expect((await t.request(`/admin/users/${user.id}/reset-2fa`, { method: 'POST', cookie: admin })).status).toBe(303)
    expect(await isSignedIn(t, cookie)).toBe(false)
    expect(await t.db.select().from(userTotp).where(eq(userTotp.userId, user.id))).toEqual([])
    const res = await t.request('/login', { form: { username: 'kadis', password: testPassword } })
    const half = `${t.cookieName}=${tokenOf(t, res)}`
    expect(await (await t.request('/2fa', { cookie: half })).text()).toContain('data-totp-secret')
  })
})
