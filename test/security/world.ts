// A seeded app for the security suite (issue 11): one user per role, a case in kelurahan A and one
// in B with photos and letters, two partner organisations (P and Q) with a mitra user each and a
// case referred to P, alerts, a digest, a dead delivery, an API key, uploads; plus a change log
// kept by SQLite triggers, so a test can ask "did this request write anything?".
import { eq, sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { assetFiles } from '../../worker/generated/assets'
import { alerts, apiKeys, casePhotos, cases, categories, digests, outbox, partners, partnerUsers, suratTugas } from '../../worker/db/schema'
import type { Role } from '../../worker/domain/access'
import { saveUpload } from '../../worker/db/queries/admin'
import { folderPhotoStore } from '../../worker/storage/folder'
import { surveyPath } from '../../worker/security/survey-link'
import { sha256Hex } from '../../worker/security/tokens'
import { testConfig } from '../support/config'
import { createTestApp, kelurahanA, kelurahanB, type TestApp } from '../support/app'
import { fakeJpeg, fileCase, forceStatus, letterForm } from '../support/handling'

/**
 * The callers of the matrix: roles, with the facilitator split by area (A, B) and the mitra by
 * partner organisation (P, to which `referred` was referred; Q, another partner).
 */
export const actors = ['anonymous', 'operator', 'fasilitatorA', 'fasilitatorB', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota', 'mitraP', 'mitraQ'] as const
export type Actor = (typeof actors)[number]

export const apiKey = 'sgp_security-suite-key-0123456789'
/** Meta's side of the WhatsApp webhook: the app secret that signs its calls, the handshake token, the agency's number. */
export const whatsappHook = { appSecret: 'security-suite-meta-app-secret', verifyToken: 'security-suite-verify-token-0123', phoneNumberId: '106540352242922', mediaMaxBytes: 16 * 1024 * 1024 }

export type World = Awaited<ReturnType<typeof createWorld>>

/** Handler routes of the app as "METHOD path": `use()` and `all('*')` entries are middleware. */
export function handlerRoutes(app: TestApp['app']): string[] {
  const keys = new Set<string>()
  for (const r of app.routes) {
    if (r.method === 'ALL' && r.path.endsWith('*')) continue
    keys.add(`${r.method} ${r.path}`)
  }
  return [...keys].sort()
}

/** Fills a route pattern's params (`:id{[0-9]+}`) from `params`; every param must be given. */
export function fillPath(pattern: string, params: Record<string, string | number>): string {
  return pattern.replace(/:(\w+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g, (_m, name: string) => {
    const value = params[name]
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`)
    return encodeURIComponent(String(value)).replace(/%2F/g, '/')
  })
}

/** Seeds `t` (a fresh test app, served or not) with the world; a new one when none is given. */
export async function createWorld<T extends TestApp>(given?: T) {
  const t = given ?? ((await createTestApp({ config: { alerts: { ...testConfig().alerts, whatsappWebhook: whatsappHook } } })) as T)
  // A test database need not survive a power cut: without an fsync per commit the suite's thousands
  // of requests (each with a session, a rate-limit reset and a change-log read) run much faster.
  // Durability itself is tested where it matters (test/faults, worker/db/open-file.ts sets FULL).
  await t.db.$client.execute('PRAGMA synchronous=OFF')
  const partnerOf = async (name: string, partnerType: string) => (await t.db.insert(partners).values({ name, partnerType, createdAt: t.clock.now() }).returning())[0]!
  const partnerP = await partnerOf('RSJ Sungai Bangkong', 'rsj')
  const partnerQ = await partnerOf('BAZNAS Kota Pontianak', 'baznas')
  const mitraOf = async (username: string, partnerId: number) => {
    const user = await t.addUser('mitra', { username })
    await t.db.insert(partnerUsers).values({ userId: user.id, partnerId })
    return user
  }
  const users = {
    operator: await t.addUser('operator', { username: 'operator' }),
    fasilitatorA: await t.addUser('fasilitator', { username: 'fasilitator-a', kelurahan: [kelurahanA] }),
    fasilitatorB: await t.addUser('fasilitator', { username: 'fasilitator-b', kelurahan: [kelurahanB] }),
    supervisor: await t.addUser('supervisor', { username: 'supervisor' }),
    kepala: await t.addUser('kepala', { username: 'kepala' }),
    admin: await t.addUser('admin', { username: 'admin' }),
    asisten: await t.addUser('asisten', { username: 'asisten' }),
    walikota: await t.addUser('walikota', { username: 'walikota' }),
    mitraP: await mitraOf('mitra-p', partnerP.id),
    mitraQ: await mitraOf('mitra-q', partnerQ.id),
  }
  const cookies = {} as Record<Actor, string | undefined>
  cookies.anonymous = undefined
  for (const [actor, user] of Object.entries(users)) cookies[actor as Actor] = await t.cookieFor(user)
  // Someone for the admin screens to edit, disable and reset.
  const target = await t.addUser('fasilitator', { username: 'sasaran', kelurahan: [kelurahanA] })

  const supCookie = cookies.supervisor!
  // The cases: A and B assigned to their facilitators and in hand, an online report, a closed one.
  const caseA = await forceStatus(t, (await fileCase(t, supCookie, { person_name: 'Warga Kelurahan A' })).id, 'ditangani', users.fasilitatorA.id)
  const caseB = await forceStatus(t, (await fileCase(t, supCookie, { person_name: 'Warga Kelurahan B', kelurahan: kelurahanB })).id, 'ditangani', users.fasilitatorB.id)
  const closed = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditutup', users.fasilitatorA.id)
  await t.db.run(sql`UPDATE cases SET channel = 'online' WHERE id = ${(await fileCase(t, supCookie)).id}`)
  // A case of kelurahan A that facilitator A referred to partner P, as the app does it.
  const inHand = await forceStatus(t, (await fileCase(t, supCookie, { person_name: 'Warga Rujukan P' })).id, 'ditangani', users.fasilitatorA.id)
  const referral = await t.request(`/cases/${inHand.id}/refer`, { cookie: cookies.fasilitatorA, form: { version: String(inHand.version), partner_id: String(partnerP.id), partner_type: '', partner_name: '', request: 'Pemeriksaan kejiwaan.', note: '' } })
  expect(referral.status, 'referring the seeded case to P').toBe(303)
  const [referred] = await t.db.select().from(cases).where(eq(cases.id, inHand.id))

  // A photo and a letter on each area's case.
  const store = folderPhotoStore(t.photoDir)
  const photos: Record<'A' | 'B', number> = { A: 0, B: 0 }
  const letters: Record<'A' | 'B', number> = { A: 0, B: 0 }
  for (const [area, kase] of [['A', caseA], ['B', caseB]] as const) {
    const key = `cases/${kase.id}/seeded-photo-${area}-0001.jpg`
    await store.put(key, fakeJpeg(), 'image/jpeg')
    const [photo] = await t.db.insert(casePhotos).values({ caseId: kase.id, storageKey: key, contentType: 'image/jpeg', size: 2048, uploadedAt: t.clock.now() }).returning()
    photos[area] = photo!.id
    const res = await t.request(`/cases/${kase.id}/surat-tugas`, { cookie: supCookie, method: 'POST', form: letterForm(t) })
    expect(res.status).toBe(303)
    letters[area] = Number(res.headers.get('Location')!.split('/').pop())
  }
  const [letterA] = await t.db.select().from(suratTugas).where(eq(suratTugas.id, letters.A))

  // Each user's own alert (the open route answers 404 for someone else's), a digest, a dead delivery.
  const day = '2026-11-23'
  await t.db.insert(digests).values({ day, createdAt: t.clock.now(), runId: 'seed', figures: JSON.stringify({ day, open: 1, overdue: 0, overdueByKelurahan: [], overdueByCategory: [], dueYesterday: 0, handledWithinTarget: 0, handledPercent: null }) })
  const alertOf = {} as Record<Actor, number>
  for (const [actor, user] of Object.entries(users)) {
    const caseId = actor === 'fasilitatorB' ? caseB.id : actor.startsWith('mitra') ? referred!.id : caseA.id
    const [row] = await t.db.insert(alerts).values({ userId: user.id, kind: 'eskalasi', caseId, rung: 1, createdAt: t.clock.now(), runId: 'seed', dedupeKey: `seed:${actor}` }).returning()
    alertOf[actor as Actor] = row!.id
  }
  alertOf.anonymous = alertOf.admin
  const [dead] = await t.db.insert(outbox).values({ alertId: alertOf.admin, channel: 'webhook', status: 'dead', attempts: 8, nextAttemptAt: t.clock.now(), createdAt: t.clock.now(), lastError: 'seed' }).returning()

  await t.db.insert(apiKeys).values({ name: 'Uji', keyHash: await sha256Hex(apiKey), keyPrefix: apiKey.slice(0, 10), createdAt: t.clock.now() })
  const [key] = await t.db.select().from(apiKeys)
  const actor = { actorId: users.admin.id, now: t.clock.now() }
  const caseUpload = await saveUpload(t.db, actor, { kind: 'cases', fileName: 'arsip.csv', content: 'tanggal,nama,kelurahan\n2026-01-02,Budi,Benua Melayu Darat\n' })
  const userUpload = await saveUpload(t.db, actor, { kind: 'users', fileName: 'pengguna.csv', content: 'username,nama,peran,kelurahan\nbaru1,Baru Satu,operator,\n' })
  const holiday = '2026-12-25'
  await t.request('/admin/holidays', { cookie: cookies.admin, form: { date: holiday, name: 'Natal' } })
  const [category] = await t.db.select().from(categories).orderBy(categories.id).limit(1)

  return {
    t,
    users,
    target,
    cookies,
    caseA,
    caseB,
    closed,
    partners: { P: partnerP, Q: partnerQ },
    referred: referred!,
    photos,
    letters,
    letterCode: letterA!.code,
    survey: await surveyPath(t.config.surveySecret, closed),
    alertOf,
    digestDay: day,
    deadDelivery: dead!.id,
    apiKeyId: key!.id,
    caseUpload,
    userUpload,
    holiday,
    category: category!,
    asset: Object.keys(assetFiles)[0]!.replace('/static/', ''),
  }
}

// ---- Change log ----

type Change = { tbl: string; op: string; detail: string | null }

/**
 * Installs triggers that log every insert, update and delete into `_changes` (test databases only).
 * Harmless writes are left out: a session's last-seen touch.
 */
export async function watchChanges(t: TestApp) {
  const client = t.db.$client
  await client.execute('CREATE TABLE IF NOT EXISTS _changes (id INTEGER PRIMARY KEY, tbl TEXT, op TEXT, detail TEXT)')
  const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE '%drizzle%'")).rows.map((r) => String(r.name))
  const stmts: string[] = []
  for (const table of tables) {
    const detail = table === 'audit_log' ? 'NEW.action' : 'NULL'
    stmts.push(`CREATE TRIGGER IF NOT EXISTS _w_${table}_i AFTER INSERT ON "${table}" BEGIN INSERT INTO _changes (tbl, op, detail) VALUES ('${table}', 'insert', ${detail}); END`)
    stmts.push(`CREATE TRIGGER IF NOT EXISTS _w_${table}_d AFTER DELETE ON "${table}" BEGIN INSERT INTO _changes (tbl, op, detail) VALUES ('${table}', 'delete', NULL); END`)
    if (table === 'sessions') {
      stmts.push(`CREATE TRIGGER IF NOT EXISTS _w_${table}_u AFTER UPDATE ON "${table}" WHEN OLD.id IS NOT NEW.id OR OLD.user_id IS NOT NEW.user_id OR OLD.created_at IS NOT NEW.created_at BEGIN INSERT INTO _changes (tbl, op, detail) VALUES ('${table}', 'update', NULL); END`)
    } else {
      stmts.push(`CREATE TRIGGER IF NOT EXISTS _w_${table}_u AFTER UPDATE ON "${table}" BEGIN INSERT INTO _changes (tbl, op, detail) VALUES ('${table}', 'update', NULL); END`)
    }
  }
  await client.batch(stmts, 'write')
  return {
    /** Forgets what was logged so far. */
    async reset() {
      await client.execute('DELETE FROM _changes')
    },
    /** What was written since the last reset, minus `ignore` (e.g. rate-limit counters, read audits). */
    async since(ignore: (c: Change) => boolean = () => false): Promise<string[]> {
      const rows = (await client.execute('SELECT tbl, op, detail FROM _changes ORDER BY id')).rows as unknown as Change[]
      return rows.filter((c) => !ignore(c)).map((c) => `${c.op} ${c.tbl}${c.detail ? ` (${c.detail})` : ''}`)
    },
  }
}

/** Writes a refused or read-only request may make: read audits and failure counters. */
export const harmlessWrite = (c: Change) => c.tbl === 'rate_limits' || (c.tbl === 'audit_log' && c.op === 'insert' && /(^|\.)(read|view|denied|export|download|search|list)$/.test(c.detail ?? ''))

export type { Role }
