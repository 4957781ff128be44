import { describe, expect, it } from 'vitest'
import { identifiesPerson, monthRows, recentMonths, shownCount } from '../../worker/domain/public-figures'
import { createTestApp, kelurahanA, kelurahanB } from '../support/app'
import { decodeEntities } from '../support/html'
import { seedOctober } from '../support/kinerja-fixture'

/** The cells of the row of `month` in the monthly table. */
function monthRow(html: string, month: string): string[] {
  const table = html.slice(html.indexOf('id="per-bulan"'), html.indexOf('</table>', html.indexOf('id="per-bulan"')))
  const row = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`<td>${month}</td>`))
  return [...(row ?? '').matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!)
}

describe('public figures of the 1×24-hour promise (issue 24)', () => {
  it('show the city month by month: received, handled, share within 24 h, median, IKM; ODGJ only in the totals', async () => {
    const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
    expect((await seedOctober(t)).received).toBe(13)
    const res = await t.request('/kinerja')
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=900')
    expect(res.headers.get('Set-Cookie')).toBeNull()
    const html = decodeEntities(await res.text())
    // 13 received and handled, 11 within 24 h (84.6 %), median of 13 times = 240 minutes; 6 answers of all 4 = A (100).
    expect(monthRow(html, 'Oktober 2026')).toEqual(['Oktober 2026', '13', '13', '84,6%', '4 jam', 'A (100)'])
    expect(monthRow(html, 'November 2026')).toEqual(['November 2026', '0', '0', '–', '–', '–'])
    expect(html).toContain('Desember 2025')
    expect(html).not.toContain('November 2025')
    const categories = html.slice(html.indexOf('id="per-kategori"'))
    expect(categories).toContain('Lansia terlantar</td><td class="num">11</td>')
    expect(categories).not.toContain('ODGJ (orang')
    for (const personal of ['Warga Rahasia', 'Pelapor Rahasia', '2610-0001', 'Jl. Uji']) expect(html).not.toContain(personal)
    expect(html).not.toContain('<script')
  })

  it('show a kelurahan on its own and suppress its small counts', async () => {
    const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
    await seedOctober(t)
    const a = decodeEntities(await (await t.request(`/kinerja/${kelurahanA}`)).text())
    expect(monthRow(a, 'Oktober 2026')).toEqual(['Oktober 2026', '10', '10', '80%', '3 jam 30 menit', 'A (100)'])
    const b = decodeEntities(await (await t.request(`/kinerja/${kelurahanB}`)).text())
    expect(monthRow(b, 'Oktober 2026')).toEqual(['Oktober 2026', '< 5', '< 5', '–', '–', '–'])
    expect(b).not.toContain('id="per-kategori"')
    expect((await t.request('/kinerja/99.99.99.9999')).status).toBe(404)
  })
})

describe('public figure rules', () => {
  it('suppress counts from 1 to 4 and name the categories that identify a person', () => {
    expect([0, 1, 4, 5, 1234].map(shownCount)).toEqual(['0', '< 5', '< 5', '5', '1.234'])
    expect(identifiesPerson({ code: 'odgj', name: 'ODGJ' })).toBe(true)
    expect(identifiesPerson({ code: 'anak-terlantar', name: 'Anak terlantar / putus sekolah' })).toBe(true)
    expect(identifiesPerson({ code: 'x1', name: 'Korban kekerasan dalam rumah tangga' })).toBe(true)
    expect(identifiesPerson({ code: 'lansia-terlantar', name: 'Lansia terlantar' })).toBe(false)
  })

  it('count months in the deployment zone and hide a share of fewer than five cases', () => {
    const wib = 420
    const months = recentMonths(Date.parse('2026-11-01T00:30:00+07:00'), wib, 2)
    expect(months.map((m) => m.label)).toEqual(['November 2026', 'Oktober 2026'])
    // 1 Nov 00:10 WIB is still 31 Oct in UTC: counted in November, October keeps 4 (a UTC month would show 5).
    const handled = [Date.parse('2026-11-01T00:10:00+07:00'), ...[1, 2, 3, 4].map((d) => Date.parse(`2026-10-0${d}T10:00:00+07:00`))].map((resolvedAt) => ({ resolvedAt, minutes: 60 }))
    const rows = monthRows(months, wib, { receivedByDay: [], handled, surveys: [] }, { duration: (m) => `${m}` })
    expect(rows.map((r) => [r.handled, r.withinPromise])).toEqual([['< 5', '–'], ['< 5', '–']])
  })
})
