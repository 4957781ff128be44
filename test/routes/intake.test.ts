import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { caseEvents, cases } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, kelurahanB, validReport } from '../support/app'

describe('intake form', () => {
  it('turns a report into a case assigned to the facilitator of its kelurahan, due 24 hours later', async () => {
    const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
    const operator = await t.addUser('operator')
    const facilitator = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const cookie = await t.cookieFor(operator)
    const res = await t.request('/intake', { cookie, form: validReport({ category: String(await categoryId(t.db, 'lansia-terlantar')) }) })
    expect(res.status).toBe(303)
    const [kase] = await t.db.select().from(cases)
    expect(res.headers.get('Location')).toBe(`/cases/${kase!.id}?baru=1`)
    expect(kase).toMatchObject({ ticket: '2611-0001', status: 'ditugaskan', assignedTo: facilitator.id, reporterPhone: '+6281234567890', rt: '003', rw: '012' })
    expect(kase!.dueAt - kase!.receivedAt).toBe(24 * 3600_000)
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase!.id))
    expect(events).toMatchObject([{ kind: 'dibuat', toStatus: 'ditugaskan', actorId: operator.id }])
  })

  it('leaves a case as baru for the supervisor when its kelurahan has no facilitator', async () => {
    const t = await createTestApp()
    const cookie = await t.cookieFor(await t.addUser('operator'))
    await t.request('/intake', { cookie, form: validReport({ kelurahan: kelurahanB, category: String(await categoryId(t.db, 'odgj')) }) })
    const [kase] = await t.db.select().from(cases)
    expect(kase).toMatchObject({ status: 'baru', assignedTo: null })
  })
})
