// Cases in a chosen state for the handling tests (issue 4), filed through the real intake form.
import { and, count, eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { auditLog, caseEvents, cases } from '../../worker/db/schema'
import { localParts } from '../../worker/domain/zone'
import { categoryId, createTestApp, kelurahanA, validReport, type TestApp } from './app'

/**
 * Files a report as `cookie` (operator or supervisor) and returns the stored case; the category's own
 * fields count as seen (as with JavaScript on), so a category that has some is saved in one step.
 */
export async function fileCase(t: TestApp, cookie: string, overrides: Record<string, string> = {}) {
  const category = String(await categoryId(t.db, 'lansia-terlantar'))
  const form = validReport({ category, service_fields_for: overrides.category ?? category, ...overrides })
  const res = await t.request('/intake', { cookie, form })
  expect(res.status).toBe(303)
  const [kase] = await t.db.select().from(cases).where(eq(cases.idempotencyKey, form.idem!))
  return kase!
}

/** Puts a case straight into `status` (test setup only), assigned to `assignedTo`. */
export async function forceStatus(t: TestApp, id: number, status: string, assignedTo: number | null) {
  await t.db.update(cases).set({ status, assignedTo, resolvedAt: status === 'selesai' ? t.clock.now() : null }).where(eq(cases.id, id))
  const [kase] = await t.db.select().from(cases).where(eq(cases.id, id))
  return kase!
}

export async function caseRow(t: TestApp, id: number) {
  const [kase] = await t.db.select().from(cases).where(eq(cases.id, id))
  return kase!
}

export async function eventsOf(t: TestApp, id: number) {
  return t.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(caseEvents.id)
}

export async function auditCount(t: TestApp, id: number, action: string) {
  const [row] = await t.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.caseId, id), eq(auditLog.action, action)))
  return row!.n
}

/** A small JPEG whose segments can be walked (APP0, a scan of padding, the end): passes the magic-byte check and metadata stripping unchanged. */
export function fakeJpeg(size = 2048): Uint8Array {
  const bytes = new Uint8Array(size)
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00])
  bytes.set([0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0], 20)
  bytes[size - 2] = 0xff
  bytes[size - 1] = 0xd9
  return bytes
}

/** A multipart form body as a browser sends it, with optional files under `photos`. */
export function multipart(fields: Record<string, string>, files: { name: string; type: string; bytes: Uint8Array }[] = []): FormData {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.set(k, v)
  for (const f of files) form.append('photos', new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type }))
  return form
}

/** A valid surat tugas issue form: a task and today (in the deployment's zone) as the whole period. */
export function letterForm(t: TestApp, overrides: Record<string, string> = {}): Record<string, string> {
  const { year, month, day } = localParts(t.clock.now(), t.config.zone)
  const today = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return { task: 'Menindaklanjuti laporan dan menemui warga yang dilaporkan.', period_start: today, period_end: today, ...overrides }
}

/** A case a facilitator of kelurahan A is handling (ditangani), with a colleague of the same area and the supervisor who filed it. */
export async function caseInHand() {
  const t = await createTestApp()
  const supervisor = await t.addUser('supervisor')
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const colleague = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const supCookie = await t.cookieFor(supervisor)
  const kase = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditangani', fac.id)
  return { t, supervisor, fac, colleague, supCookie, facCookie: await t.cookieFor(fac), kase }
}
