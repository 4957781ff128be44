import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll } from 'vitest'
import { folderPhotoStore } from '../../worker/storage/folder'
import type { PhotoStore } from '../../worker/storage/photo-store'
import { createApp } from '../../worker/app'
import type { Config } from '../../worker/config'
import type { Db } from '../../worker/db/client'
import { startSession } from '../../worker/db/queries/sessions'
import type { Role } from '../../worker/domain/access'
import { categories, kelurahan, userKelurahan, users } from '../../worker/db/schema'
import { sessionCookieName } from '../../worker/security/middleware'
import { hashPassword } from '../../worker/security/password'
import { randomToken, sha256Hex } from '../../worker/security/tokens'
import { fixedClock, type TestClock } from './clock'
import { testConfig } from './config'
import { freshDb } from './db'

export const testPassword = 'kata-sandi-uji-123'

export type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** The real app on a fresh libSQL file, with a fixed clock and helpers to act as a user. */
export async function createTestApp(opts: { now?: string; region?: string; config?: Partial<Config>; wrapPhotos?: (store: PhotoStore) => PhotoStore } = {}) {
  const { db, path } = await freshDb(opts.region)
  const clock: TestClock = fixedClock(opts.now ?? '2026-11-24T09:00:00+07:00')
  const config = { ...testConfig(opts.region ? { SIGAP_REGION: opts.region } : {}), ...opts.config }
  // Photos in a temporary folder per app, removed after the test file (the Node store, for real).
  const photoDir = mkdtempSync(join(tmpdir(), 'sigap-photos-'))
  afterAll(() => rmSync(photoDir, { recursive: true, force: true }))
  const folder = folderPhotoStore(photoDir)
  const photos = opts.wrapPhotos ? opts.wrapPhotos(folder) : folder
  // Work after the response (a reporter's media) is kept so a test can wait for it: `settle()`.
  const pending: Promise<unknown>[] = []
  const app = createApp({ db, clock, config, socketAddress: () => '127.0.0.1', photos, afterResponse: (_c, work) => void pending.push(work()) })
  /** Waits for the work started after responses so far (rejections are the test's to see). */
  const settle = async () => {
    while (pending.length > 0) await pending.shift()
  }
  const cookieName = sessionCookieName(config)

  /** Creates a user (a facilitator covers `kelurahan`) and returns it. */
  async function addUser(role: Role, opts: { username?: string; kelurahan?: string[]; active?: boolean } = {}) {
    const username = opts.username ?? `${role}-${Math.random().toString(36).slice(2, 8)}`
    const [user] = await db
      .insert(users)
      .values({ username, displayName: `Uji ${username}`, role, passwordHash: await hashPassword(testPassword, config), active: opts.active ?? true, createdAt: clock.now() })
      .returning()
    for (const [priority, code] of (opts.kelurahan ?? []).entries()) await db.insert(userKelurahan).values({ userId: user!.id, kelurahanCode: code, priority })
    return user!
  }

  /** A session cookie for `user`, as if they had signed in now (second factor given, for the roles that need one). */
  async function cookieFor(user: { id: number }): Promise<string> {
    const token = randomToken()
    await startSession(db, { sessionId: await sha256Hex(token), userId: user.id, now: clock.now(), secondFactorAt: clock.now() })
    return `${cookieName}=${token}`
  }

  /** A request from our own origin (so CSRF checks pass), optionally signed in with `cookie`. */
  function request(path: string, init: RequestInit & { cookie?: string; form?: Record<string, string> } = {}) {
    const headers = new Headers(init.headers)
    headers.set('Origin', config.origin)
    headers.set('Sec-Fetch-Site', 'same-origin')
    if (init.cookie) headers.set('Cookie', init.cookie)
    let body = init.body
    if (init.form) {
      headers.set('Content-Type', 'application/x-www-form-urlencoded')
      body = new URLSearchParams(init.form).toString()
    }
    return app.request(path, { ...init, method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body })
  }

  return { app, db, path, clock, config, cookieName, addUser, cookieFor, request, photoDir, photos, settle }
}

export { kelurahanA, kelurahanB, validReport } from './report'

export async function categoryId(db: Db, code: string): Promise<number> {
  const [row] = await db.select({ id: categories.id }).from(categories).where(eq(categories.code, code))
  return row!.id
}

export async function kelurahanName(db: Db, code: string): Promise<string> {
  const [row] = await db.select({ name: kelurahan.name }).from(kelurahan).where(eq(kelurahan.code, code))
  return row!.name
}
