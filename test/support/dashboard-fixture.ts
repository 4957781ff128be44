// The dashboard's known fixture (issue 7), shared by test/routes/dashboard.test.ts and partners.test.ts.
import { expect } from 'vitest'
import { reopenCase } from '../../worker/db/queries/public'
import { escalations, partners } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, kelurahanB, type TestApp } from './app'
import { caseRow, fileCase } from './handling'

// A known month in Kota Pontianak (WIB): now is Tuesday 2026-11-24 09:00.
// C1 handled in 23 h 59 m (within), C2 in 25 h (late), C3 referred and open, C4 open past target,
// C5 resolved, reopened by the reporter, resolved again; C6 received in October, handled in November;
// C7 received in 2025 and escalated to the Kepala Dinas (rung 2).

async function act(t: TestApp, cookie: string, id: number, action: string, form: Record<string, string>) {
  const kase = await caseRow(t, id)
  const res = await t.request(`/cases/${id}/${action}`, { cookie, form: { version: String(kase.version), ...form } })
  expect(res.status, `${action} on ${id}`).toBe(303)
}
const accept = (t: TestApp, cookie: string, id: number) => act(t, cookie, id, 'accept', { note: 'Sudah ditelepon.' })
const resolve = (t: TestApp, cookie: string, id: number) => act(t, cookie, id, 'resolve', { outcome: 'bantuan_diberikan', note: 'Bantuan diberikan.' })

export async function buildFixture() {
  const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
  const fa = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const fb = await t.addUser('fasilitator', { kelurahan: [kelurahanB] })
  const operator = await t.addUser('operator')
  const supervisor = await t.addUser('supervisor')
  const [op, ca, cb, sup] = [await t.cookieFor(operator), await t.cookieFor(fa), await t.cookieFor(fb), await t.cookieFor(supervisor)]
  const lansia = String(await categoryId(t.db, 'lansia-terlantar'))
  const kesehatan = String(await categoryId(t.db, 'jps-kesehatan'))
  const pendidikan = String(await categoryId(t.db, 'jps-pendidikan'))
  const [partner] = await t.db.insert(partners).values({ name: 'RSUD Sultan Syarif Mohamad Alkadrie', partnerType: 'rumah_sakit', createdAt: t.clock.now() }).returning()
  const at = async (iso: string, fn: () => Promise<unknown>) => {
    t.clock.set(iso)
    await fn()
  }
  const file = async (iso: string, overrides: Record<string, string>) => {
    t.clock.set(iso)
    return (await fileCase(t, op, overrides)).id
  }

  const c7 = await file('2025-06-01T10:00:00+07:00', { category: pendidikan, kelurahan: kelurahanB })
  await t.db.insert(escalations).values({ caseId: c7, rung: 2, recordedAt: Date.parse('2025-06-03T10:00:00+07:00'), runId: 'fixture' })
  await at('2025-06-04T10:00:00+07:00', () => accept(t, cb, c7))
  await at('2025-06-04T11:00:00+07:00', () => resolve(t, cb, c7))

  const c6 = await file('2026-10-31T23:30:00+07:00', { category: lansia })
  await at('2026-10-31T23:40:00+07:00', () => accept(t, ca, c6))
  await at('2026-11-01T00:10:00+07:00', () => resolve(t, ca, c6))

  const c5 = await file('2026-11-20T10:00:00+07:00', { category: lansia })
  await at('2026-11-20T11:00:00+07:00', () => accept(t, ca, c5))
  await at('2026-11-20T12:00:00+07:00', () => resolve(t, ca, c5))
  await at('2026-11-21T10:00:00+07:00', () =>
    reopenCase(t.db, { caseId: c5, now: t.clock.now(), dueAt: t.clock.now() + 24 * 3_600_000, resolvedSince: t.clock.now() - 7 * 86_400_000, note: 'Pelapor: belum dibantu', channels: [] }),
  )
  await at('2026-11-21T10:30:00+07:00', () => accept(t, ca, c5))
  await at('2026-11-21T11:00:00+07:00', () => resolve(t, ca, c5))

  const c2 = await file('2026-11-22T08:00:00+07:00', { category: lansia })
  const c4 = await file('2026-11-22T07:00:00+07:00', { category: kesehatan, kelurahan: kelurahanB })
  await at('2026-11-22T09:00:00+07:00', () => accept(t, ca, c2))
  await at('2026-11-23T09:00:00+07:00', () => resolve(t, ca, c2))

  const c1 = await file('2026-11-23T08:00:00+07:00', { category: lansia })
  await at('2026-11-23T08:30:00+07:00', () => accept(t, ca, c1))
  await at('2026-11-24T07:59:00+07:00', () => resolve(t, ca, c1))

  const c3 = await file('2026-11-24T06:00:00+07:00', { category: kesehatan, kelurahan: kelurahanB })
  await at('2026-11-24T06:30:00+07:00', () => accept(t, cb, c3))
  await at('2026-11-24T07:00:00+07:00', () => act(t, cb, c3, 'refer', { partner_id: String(partner!.id), partner_type: '', partner_name: '', request: 'Rawat inap, biaya lewat JPS Kesehatan.' }))

  t.clock.set('2026-11-24T09:00:00+07:00')
  return { t, ids: { c1, c2, c3, c4, c5, c6, c7 }, fa, fb, sup, supervisor, partner: partner!, lansia, kesehatan, pendidikan }
}

