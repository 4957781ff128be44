// SECURITY.md B7 / issue 11 "Faults": the database unreachable on both runtimes.
import Database from 'libsql'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../../worker/db/client'
import { cases, userKelurahan, users } from '../../worker/db/schema'
import { hashPassword } from '../../worker/security/password'
import { categoryId, createTestApp, kelurahanA, validReport } from '../support/app'
import { controlValue } from '../support/html'
import { startWorker, workerConfig, type TestWorker } from '../support/worker'

const typed = { reporter_name: 'Ibu Ratna Sari', person_name: 'Kakek Usman', description: 'Tinggal sendiri, tidak bisa berjalan, tidak ada makanan sejak kemarin.', address: 'Gg. Damai No. 7A/12' }

function expectTyped(html: string, form: Record<string, string>) {
  for (const name of [...Object.keys(typed), 'idem', 'kelurahan', 'category', 'urgency']) expect(controlValue(html, name), name).toBe(form[name])
  expect(html).toContain('Basis data tidak dapat dihubungi')
}

describe('database unreachable on Node (file locked by another connection)', () => {
  it('answers a report with 503 within the busy timeout, the form as typed, /healthz down, and files it once when the lock goes', async () => {
    const t = await createTestApp()
    const cookie = await t.cookieFor(await t.addUser('operator'))
    await t.request('/intake', { cookie }) // reference data cached, as on a server already running
    const form = validReport({ ...typed, category: String(await categoryId(t.db, 'lansia-terlantar')) })

    // A second connection of its own (the libsql driver directly), as another process would hold it.
    const locker = new Database(t.path)
    locker.exec('BEGIN EXCLUSIVE')
    try {
      const started = performance.now()
      const res = await t.request('/intake', { cookie, form })
      const elapsed = performance.now() - started
      expect(res.status).toBe(503)
      expect(res.headers.get('Retry-After')).toBe('30')
      expectTyped(await res.text(), form)
      // busy_timeout is 5 s (open-file.ts): the operator waits at most that long, plus a little.
      expect(elapsed).toBeLessThan(6_500)

      const health = await t.request('/healthz')
      expect(health.status).toBe(503)
      expect(await health.json()).toEqual({ status: 'degraded', database: 'unreachable' })
    } finally {
      locker.exec('ROLLBACK')
      locker.close()
    }
    expect(await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))).toEqual([])
    // Recovery without a restart: the same form, sent again, files one case.
    expect((await t.request('/healthz')).status).toBe(200)
    expect((await t.request('/intake', { cookie, form })).status).toBe(303)
    expect((await t.request('/intake', { cookie, form })).status).toBe(303)
    expect(await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))).toHaveLength(1)
  }, 30_000)
})

describe('database unreachable on the Worker (libSQL endpoint down)', () => {
  let w: TestWorker
  afterEach(() => w?.dispose())

  async function addOperator(db: Db, password: string) {
    const username = `op-${Math.random().toString(36).slice(2, 8)}`
    const [user] = await db.insert(users).values({ username, displayName: username, role: 'operator', passwordHash: await hashPassword(password, workerConfig), createdAt: Date.now() }).returning()
    await db.insert(userKelurahan).values({ userId: user!.id, kelurahanCode: kelurahanA })
    return user!
  }

  it('answers pages and reports with 503 and a clear message, keeps the typed form, and recovers', async () => {
    w = await startWorker()
    const send = (path: string, init: { cookie?: string; form?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { Origin: workerConfig.origin, 'Sec-Fetch-Site': 'same-origin' }
      if (init.cookie) headers.Cookie = init.cookie
      if (init.form) headers['Content-Type'] = 'application/x-www-form-urlencoded'
      return w.mf.dispatchFetch(`${workerConfig.origin}${path}`, { method: init.form ? 'POST' : 'GET', headers, body: init.form && new URLSearchParams(init.form).toString(), redirect: 'manual' })
    }
    const password = 'kata-sandi-worker-123'
    const operator = await addOperator(w.db, password)
    const login = await send('/login', { form: { username: operator.username, password } })
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
    const idem = controlValue(await (await send('/intake', { cookie })).text(), 'idem')!
    const form = validReport({ ...typed, idem, category: String(await categoryId(w.db, 'lansia-terlantar')) })

    w.hrana.setDown(true)
    const page = await send('/cases', { cookie })
    expect(page.status).toBe(503)
    expect(await page.text()).toContain('Basis data tidak dapat dihubungi')
    const res = await send('/intake', { cookie, form })
    expect(res.status).toBe(503)
    expectTyped(await res.text(), form)
    expect((await send('/healthz')).status).toBe(503)

    w.hrana.setDown(false)
    expect((await send('/healthz')).status).toBe(200)
    expect((await send('/cases', { cookie })).status).toBe(200)
    expect((await send('/intake', { cookie, form })).status).toBe(303)
    expect(await w.db.select().from(cases).where(eq(cases.idempotencyKey, idem))).toHaveLength(1)
  }, 60_000)
})
