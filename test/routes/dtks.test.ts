import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, dtksProposals } from '../../worker/db/schema'
import { createTestApp, kelurahanB } from '../support/app'
import { controlValue, decodeEntities, fieldError } from '../support/html'
import { auditCount, eventsOf, fileCase } from '../support/handling'

async function setup(dtks_status = 'tidak') {
  const t = await createTestApp()
  const supervisor = await t.addUser('supervisor')
  const sup = await t.cookieFor(supervisor)
  const kase = await fileCase(t, sup, { dtks_status })
  /** The case page's own usulan form key. */
  const formKey = async (cookie = sup) => {
    const html = await (await t.request(`/cases/${kase.id}`, { cookie })).text()
    return controlValue(html.slice(html.indexOf(`/cases/${kase.id}/dtks"`)), 'idem')
  }
  return { t, supervisor, sup, kase, formKey }
}

describe('usulan to DTKS/DTSEN (issue 24)', () => {
  it('is recorded from the case page with its date and addressee, on the timeline, once per form', async () => {
    const { t, sup, kase, formKey } = await setup()
    const idem = (await formKey())!
    expect(idem).toMatch(/^[A-Za-z0-9_-]{16,}$/)
    const form = { idem, sent_on: '2026-11-23', sent_to: 'Ibu Sari, operator SIKS-NG', note: 'Berkas KK dan KTP diserahkan.' }
    const res = await t.request(`/cases/${kase.id}/dtks`, { cookie: sup, form })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe(`/cases/${kase.id}?done=dtks#dtks`)
    expect(await t.db.select().from(dtksProposals)).toMatchObject([{ caseId: kase.id, sentOn: '2026-11-23', sentTo: 'Ibu Sari, operator SIKS-NG', outcome: 'menunggu', outcomeAt: null }])
    expect((await eventsOf(t, kase.id)).at(-1)).toMatchObject({ kind: 'usulan_dtks', note: 'Dikirim 23 November 2026 kepada Ibu Sari, operator SIKS-NG. Berkas KK dan KTP diserahkan.' })
    expect(await auditCount(t, kase.id, 'dtks_proposal.create')).toBe(1)
    const again = await t.request(`/cases/${kase.id}/dtks`, { cookie: sup, form })
    expect(again.status).toBe(409)
    expect(await t.db.select().from(dtksProposals)).toHaveLength(1)
    const page = decodeEntities(await (await t.request(`/cases/${kase.id}?done=dtks`, { cookie: sup })).text())
    expect(page).toContain('Usulan DTKS/DTSEN tercatat.')
    expect(page).toContain('Dikirim 23 November 2026 kepada Ibu Sari, operator SIKS-NG')
    expect(page).toContain('Diusulkan ke DTKS/DTSEN')
  })

  it('refuses a missing addressee or a day after today beside the fields, with the typed values', async () => {
    const { t, sup, kase } = await setup()
    const res = await t.request(`/cases/${kase.id}/dtks`, { cookie: sup, form: { idem: 'a'.repeat(32), sent_on: '2026-11-25', sent_to: '', note: 'Catatan saya' } })
    expect(res.status).toBe(422)
    const html = decodeEntities(await res.text())
    expect(fieldError(html, 'sent_on')).toBe('Tanggal dikirim tidak boleh setelah hari ini.')
    expect(fieldError(html, 'sent_to')).toBe('Tulis kepada siapa usulan dikirim (operator SIKS-NG kelurahan).')
    expect(html).toContain('Catatan saya</textarea>')
    expect(controlValue(html, 'sent_on')).toBe('2026-11-25')
    expect(await t.db.select().from(dtksProposals)).toHaveLength(0)
  })

  it('is not offered or accepted for a person already in DTKS', async () => {
    const { t, sup, kase, formKey } = await setup('terdaftar')
    expect(await formKey()).toBeUndefined()
    const res = await t.request(`/cases/${kase.id}/dtks`, { cookie: sup, form: { idem: 'b'.repeat(32), sent_on: '2026-11-23', sent_to: 'Ibu Sari' } })
    expect(res.status).toBe(409)
    expect(await t.db.select().from(dtksProposals)).toHaveLength(0)
  })

  it('gets its outcome recorded on the case page and timeline, once per form, and counted on the dashboard', async () => {
    const { t, sup, kase, formKey } = await setup()
    await t.request(`/cases/${kase.id}/dtks`, { cookie: sup, form: { idem: (await formKey())!, sent_on: '2026-11-20', sent_to: 'Pak Joko' } })
    const [proposal] = await t.db.select().from(dtksProposals)
    const html = await (await t.request(`/cases/${kase.id}`, { cookie: sup })).text()
    const idem = controlValue(html.slice(html.indexOf(`/dtks/${proposal!.id}/hasil"`)), 'idem')!
    const form = { idem, outcome: 'ditolak', outcome_note: 'Alamat KK di luar kota.' }
    const res = await t.request(`/cases/${kase.id}/dtks/${proposal!.id}/hasil`, { cookie: sup, form })
    expect(res.status).toBe(303)
    expect((await t.request(`/cases/${kase.id}/dtks/${proposal!.id}/hasil`, { cookie: sup, form })).status).toBe(409)
    expect(await t.db.select().from(dtksProposals)).toMatchObject([{ outcome: 'ditolak', outcomeAt: t.clock.now() }])
    const outcomes = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'hasil_usulan_dtks')
    expect(outcomes).toMatchObject([{ note: 'Ditolak. Alamat KK di luar kota.' }])
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'dtks_proposal.outcome'))).toHaveLength(1)
    const page = decodeEntities(await (await t.request(`/cases/${kase.id}`, { cookie: sup })).text())
    expect(page).toContain('Hasil usulan DTKS/DTSEN')
    expect(page).toMatch(/<span class="badge">Ditolak<\/span>/)

    // A second case's usulan still waits; the dashboard counts both, in the period they were made.
    const other = await fileCase(t, sup, { dtks_status: 'tidak' })
    const otherPage = await (await t.request(`/cases/${other.id}`, { cookie: sup })).text()
    await t.request(`/cases/${other.id}/dtks`, { cookie: sup, form: { idem: controlValue(otherPage.slice(otherPage.indexOf(`/cases/${other.id}/dtks"`)), 'idem')!, sent_on: '2026-11-24', sent_to: 'Pak Joko' } })
    const dash = decodeEntities(await (await t.request('/dashboard?from=2026-11-01&to=2026-11-30', { cookie: sup })).text())
    const row = /Usulan ke operator SIKS-NG kelurahan[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(dash)?.[1] ?? ''
    expect([...row.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([2, 0, 1, 1])
    const before = decodeEntities(await (await t.request('/dashboard?from=2026-10-01&to=2026-10-31', { cookie: sup })).text())
    const none = /Usulan ke operator SIKS-NG kelurahan[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(before)?.[1] ?? ''
    expect([...none.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual([0, 0, 0, 0])
  })

  it('refuses an outcome for an usulan of another case', async () => {
    const { t, sup, kase, formKey } = await setup()
    await t.request(`/cases/${kase.id}/dtks`, { cookie: sup, form: { idem: (await formKey())!, sent_on: '2026-11-20', sent_to: 'Pak Joko' } })
    const [proposal] = await t.db.select().from(dtksProposals)
    const other = await fileCase(t, sup, { dtks_status: 'tidak' })
    const res = await t.request(`/cases/${other.id}/dtks/${proposal!.id}/hasil`, { cookie: sup, form: { idem: 'c'.repeat(32), outcome: 'diterima' } })
    expect(res.status).toBe(409)
    expect(await t.db.select().from(dtksProposals)).toMatchObject([{ outcome: 'menunggu' }])
    // The facilitator of another area does not see the case at all.
    const far = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanB] }))
    expect((await t.request(`/cases/${kase.id}/dtks`, { cookie: far, form: { idem: 'd'.repeat(32), sent_on: '2026-11-20', sent_to: 'x' } })).status).toBe(404)
    expect(await t.db.select().from(dtksProposals)).toHaveLength(1)
  })
})
