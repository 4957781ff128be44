import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cases } from '../../worker/db/schema'
import { createTestApp } from '../support/app'
import { controlValue, decodeEntities, fieldError } from '../support/html'
import { auditCount, eventsOf, fileCase } from '../support/handling'

async function setup() {
  const t = await createTestApp()
  const sup = await t.cookieFor(await t.addUser('supervisor'))
  const kase = await fileCase(t, sup, { person_nik: '6171054107900003' })
  return { t, sup, kase }
}

describe('SP4N-LAPOR! (issue 24)', () => {
  it('keeps a tracking id entered on the case page, on the timeline and audited', async () => {
    const { t, sup, kase } = await setup()
    const res = await t.request(`/cases/${kase.id}/lapor`, { cookie: sup, form: { lapor_id: 'LPR-5123456' } })
    expect(res.status).toBe(303)
    expect((await t.db.select({ l: cases.laporId }).from(cases).where(eq(cases.id, kase.id)))[0]!.l).toBe('LPR-5123456')
    expect((await eventsOf(t, kase.id)).at(-1)).toMatchObject({ kind: 'lapor_id', note: 'Nomor tiket LAPOR!: LPR-5123456' })
    expect(await auditCount(t, kase.id, 'case.lapor_id')).toBe(1)
    const page = decodeEntities(await (await t.request(`/cases/${kase.id}?done=lapor`, { cookie: sup })).text())
    expect(page).toContain('Nomor tiket LAPOR!: LPR-5123456')
    expect(page).toContain('Nomor tiket LAPOR! tersimpan.')
  })

  it('refuses a malformed id beside the field with the typed value', async () => {
    const { t, sup, kase } = await setup()
    const res = await t.request(`/cases/${kase.id}/lapor`, { cookie: sup, form: { lapor_id: 'abc def' } })
    expect(res.status).toBe(422)
    const html = decodeEntities(await res.text())
    expect(fieldError(html, 'lapor_id')).toBe('Nomor tiket LAPOR! hanya berisi huruf, angka dan tanda hubung (paling sedikit 4).')
    expect(controlValue(html, 'lapor_id')).toBe('abc def')
  })

  it('offers the follow-up text once resolved, without NIK or names, and counts LAPOR! cases with their median on the dashboard', async () => {
    const { t, sup, kase } = await setup()
    await t.request(`/cases/${kase.id}/lapor`, { cookie: sup, form: { lapor_id: '5123456' } })
    expect(await (await t.request(`/cases/${kase.id}`, { cookie: sup })).text()).not.toContain('lapor-text')
    await t.db.update(cases).set({ status: 'selesai', resolvedAt: t.clock.now(), outcome: 'bantuan_diberikan', handleMinutes: 90 }).where(eq(cases.id, kase.id))
    const html = decodeEntities(await (await t.request(`/cases/${kase.id}`, { cookie: sup })).text())
    const text = /<textarea id="lapor-text"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? ''
    expect(text).toContain('Nomor tiket LAPOR!: 5123456')
    expect(text).toContain('Tanggal penyelesaian: 24 November 2026')
    expect(text).toContain(`(nomor laporan ${kase.ticket})`)
    expect(text).toContain('Hasil: Bantuan / layanan diberikan.')
    for (const hidden of ['6171054107900003', 'Nenek Aminah', 'belum makan']) expect(text).not.toContain(hidden)

    const other = await fileCase(t, sup)
    await t.request(`/cases/${other.id}/lapor`, { cookie: sup, form: { lapor_id: '5123457' } })
    await fileCase(t, sup)
    const dash = decodeEntities(await (await t.request('/dashboard?from=2026-11-01&to=2026-11-30', { cookie: sup })).text())
    const row = /Kasus dengan nomor tiket LAPOR![\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(dash)?.[1] ?? ''
    expect([...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['2', '1', '1 jam 30 menit'])
  })
})
