import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { caseRollups, cases } from '../../worker/db/schema'
import { rebuildRollups } from '../../worker/db/queries/dashboard'
import { createTestApp, kelurahanA, kelurahanB, type TestApp } from '../support/app'
import { buildFixture } from '../support/dashboard-fixture'
import { caseRow, fileCase } from '../support/handling'
import { wrapLabel } from '../../views/components/charts'
import { categoryId } from '../support/app'

const cell = (html: string, re: RegExp) => re.exec(html)?.[1]

describe('dashboard figures on a known fixture', () => {
  it('counts open, overdue, handled within target, percentages and the median exactly', async () => {
    const { t, ids, sup, fa, fb } = await buildFixture()
    expect((await caseRow(t, ids.c1)).handleMinutes).toBe(1439)
    expect((await caseRow(t, ids.c5)).handleMinutes).toBe(1500)
    const res = await t.request('/dashboard', { cookie: sup })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(cell(html, /Terbuka sekarang<\/span>\s*<a class="figure" href="\/cases\?open=1">(\d+)</)).toBe('2')
    expect(cell(html, /Lewat target sekarang<\/span>\s*<a class="figure" href="\/cases\?overdue=1">(\d+)</)).toBe('1')
    expect(cell(html, /Tepat waktu hari ini<\/span>\s*<a[^>]*>([^<]+)</)).toBe('100%')
    expect(html).toContain('<a href="/cases?handled=2026-11-24..2026-11-24&amp;within=1">1</a> dari <a href="/cases?handled=2026-11-24..2026-11-24">1</a>')
    expect(cell(html, /Tepat waktu bulan ini<\/span>\s*<a[^>]*>([^<]+)</)).toBe('75%')
    expect(html).toContain('<a href="/cases?handled=2026-11-01..2026-11-30&amp;within=1">3</a> dari <a href="/cases?handled=2026-11-01..2026-11-30">4</a>')
    // Median of 40, 1439, 1500, 1500 minutes (exactly 1469.5) from 15-minute buckets: (1432.5 + 1507.5) / 2 = 1470.
    expect(cell(html, /Median waktu penanganan[^<]*<\/span>\s*<a[^>]*>([^<]+)</)).toBe('24 jam 30 menit')
    // Split by facilitator: A handled four (three on time), B holds the two open cases, one late.
    const row = (name: string) => new RegExp(`<th scope="row">${name}</th>((?:\\s*<td[^>]*>.*?</td>){6})`).exec(html)?.[1]?.replace(/<[^>]+>/g, ' ').trim().split(/\s+/)
    expect(row(fa.displayName)).toEqual(['0', '0', '4', '3', '75%', '24', 'jam', '30', 'menit'])
    expect(row(fb.displayName)).toEqual(['2', '1', '0', '0', '–', '–'])
    expect(row('Lansia terlantar')).toEqual(['0', '0', '4', '3', '75%', '24', 'jam', '30', 'menit'])
    expect(row('JPS Kesehatan')).toEqual(['2', '1', '0', '0', '–', '–'])
    expect(html).toContain(`href="/cases?overdue=1&amp;assignee=${fb.id}"`)
    // A picked period: October alone has no handled case; the backlog does not depend on the period.
    const oct = await (await t.request('/dashboard?from=2026-10-01&to=2026-10-31', { cookie: sup })).text()
    expect(cell(oct, /Tepat waktu 1–31 Oktober 2026<\/span>\s*<a[^>]*>([^<]+)</)).toBe('–')
    expect(cell(oct, /Terbuka sekarang<\/span>\s*<a class="figure" href="\/cases\?open=1">(\d+)</)).toBe('2')
  })

  it('links every figure to a case list that holds exactly those cases', async () => {
    const { t, ids, sup, fb } = await buildFixture()
    const tickets = async (q: string) => {
      const html = await (await t.request(`/cases?${q}`, { cookie: sup })).text()
      const rows = await t.db.select({ id: cases.id, ticket: cases.ticket }).from(cases)
      return rows.filter((r) => html.includes(`>${r.ticket}<`)).map((r) => r.id).sort((a, b) => a - b)
    }
    const sorted = (...n: number[]) => n.sort((a, b) => a - b)
    expect(await tickets('open=1')).toEqual(sorted(ids.c3, ids.c4))
    expect(await tickets(`overdue=1&assignee=${fb.id}`)).toEqual([ids.c4])
    expect(await tickets('handled=2026-11-01..2026-11-30')).toEqual(sorted(ids.c1, ids.c2, ids.c5, ids.c6))
    expect(await tickets('handled=2026-11-01..2026-11-30&within=1')).toEqual(sorted(ids.c1, ids.c5, ids.c6))
    expect(await tickets('handled=2026-11-24..2026-11-24&within=1')).toEqual([ids.c1])
    expect(await tickets('received=2026-01-01..2026-12-31&escalated=1')).toEqual([ids.c3])
    expect(await tickets('received=2025-01-01..2025-12-31&escalated=1')).toEqual([ids.c7])
  })

  it('recaps complaints per category and escalated cases per programme for any year', async () => {
    const { t, sup } = await buildFixture()
    const html2026 = await (await t.request('/dashboard/recap?year=2026', { cookie: sup })).text()
    const recapRow = (html: string, name: string) => new RegExp(`<th scope="row">${name}</th>\\s*<td[^>]*>(?:<a[^>]*>)?(\\d+)(?:</a>)?</td>\\s*<td[^>]*>(?:<a[^>]*>)?(\\d+)`).exec(html)?.slice(1)
    expect(recapRow(html2026, 'Lansia terlantar')).toEqual(['4', '0'])
    expect(recapRow(html2026, 'JPS Kesehatan')).toEqual(['2', '1'])
    expect(html2026).toContain('(jumlah 6)')
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await t.request('/dashboard/recap/programmes.csv?year=2025', { cookie: sup })).arrayBuffer())
    expect(csv).toBe('\uFEFFTahun,Program,Pengaduan,Dieskalasi\r\n2025,JPS Kesehatan,0,0\r\n2025,JPS Pendidikan,1,1\r\n2025,JPS Rutilahu,0,0\r\n2025,JPS Sosial,0,0\r\n')
  })

  it('draws each chart under the question it answers, with a legend, full names, the numbers and the table it comes from', async () => {
    const { t, sup, fa } = await buildFixture()
    const op = await t.cookieFor(await t.addUser('operator'))
    const longName = 'Pendampingan rujukan ke rumah sakit (mis. RSJ)'
    await fileCase(t, op, { category: String(await categoryId(t.db, 'laras-rujukan-rs')) })
    const html = await (await t.request('/dashboard', { cookie: sup })).text()
    // The texts of one figure's SVG in drawing order: the legend, then per row its name and numbers.
    const figure = (page: string, id: string) => new RegExp(`<figure class="chart" id="${id}">([\\s\\S]*?)</figure>`).exec(page)?.[1] ?? ''
    const texts = (page: string, id: string) => [...figure(page, id).matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())
    const caption = (page: string, id: string) => /<figcaption[^>]*>([^<]*)<\/figcaption>/.exec(figure(page, id))?.[1]
    expect(caption(html, 'grafik-terbuka-kategori')).toBe('Berapa kasus masih terbuka per kategori saat ini, dan berapa yang sudah lewat target?')
    expect(texts(html, 'grafik-terbuka-kategori')).toEqual(['Terbuka', 'Lewat target', 'JPS Kesehatan', '2', '1', longName, '1', '0'])
    expect(caption(html, 'grafik-ditangani-fasilitator')).toBe('Berapa kasus selesai ditangani per fasilitator, 1–24 November 2026, dan berapa yang tepat waktu?')
    expect(texts(html, 'grafik-ditangani-fasilitator')).toEqual(['Ditangani', 'Tepat waktu', fa.displayName, '4', '3'])
    // The SVG is described by the table it was drawn from, which is on the page.
    expect(figure(html, 'grafik-ditangani-fasilitator')).toContain('aria-describedby="tabel-fasilitator"')
    expect(html).toContain('<table class="figures" id="tabel-fasilitator">')

    // The year month by month: every month by its name, received by the month received, handled by the month resolved.
    const recap = await (await t.request('/dashboard/recap?year=2026', { cookie: sup })).text()
    expect(caption(recap, 'grafik-bulan')).toBe('Berapa pengaduan diterima dan berapa kasus selesai ditangani tiap bulan, tahun 2026?')
    const months = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember']
    const counts: Record<string, [number, number]> = { Oktober: [1, 0], November: [6, 4] }
    expect(texts(recap, 'grafik-bulan')).toEqual(['Diterima', 'Ditangani', ...months.flatMap((m) => [m, ...(counts[m] ?? [0, 0]).map(String)])])
    const monthRow = (name: string) => new RegExp(`<th scope="row">${name}</th>((?:\\s*<td[^>]*>.*?</td>){5})`).exec(recap)?.[1]?.replace(/<[^>]+>/g, ' ').trim().split(/\s+/)
    expect(monthRow('November')).toEqual(['6', '1', '4', '3', '75%'])
    expect(monthRow('Oktober')).toEqual(['1', '0', '0', '0', '–'])
    expect(recap).toContain('<a href="/cases?received=2026-11-01..2026-11-30&amp;escalated=1">1</a>')
    expect(texts(recap, 'grafik-kategori')).toContain(longName)
  })

  it('wraps a long name between words and never cuts it', () => {
    expect(wrapLabel('Pendampingan rujukan ke rumah sakit (mis. RSJ)', 20)).toEqual(['Pendampingan rujukan', 'ke rumah sakit (mis.', 'RSJ)'])
    expect(wrapLabel('Penyandang disabilitas terlantar', 10)).toEqual(['Penyandang', 'disabilitas', 'terlantar'])
  })

  it('keeps the rollups equal to a rebuild from the cases after every kind of write', async () => {
    const { t } = await buildFixture()
    const snapshot = async () => (await t.db.select().from(caseRollups).where(sql`received <> 0 OR escalated <> 0 OR handled <> 0 OR within_target <> 0 OR handle_minutes <> 0`)).map((r) => JSON.stringify(r)).sort()
    const kept = await snapshot()
    await rebuildRollups(t.db, 420)
    const rebuilt = await snapshot()
    expect(kept.filter((r) => !rebuilt.includes(r))).toEqual(rebuilt.filter((r) => !kept.includes(r)))
    expect(rebuilt).toEqual(kept)
  })

  it('prints the monthly report and refuses the dashboard to operators and facilitators', async () => {
    const { t, sup } = await buildFixture()
    const report = await t.request('/dashboard/report?month=2026-11', { cookie: sup })
    expect(report.status).toBe(200)
    expect(await report.text()).toContain('Laporan bulanan penanganan kasus, November 2026')
    for (const role of ['operator', 'fasilitator'] as const) {
      const cookie = await t.cookieFor(await t.addUser(role, { kelurahan: [kelurahanA] }))
      expect((await t.request('/dashboard', { cookie })).status).toBe(403)
      expect((await t.request('/cases/export.csv', { cookie })).status).toBe(403)
    }
  })
})

describe('case list CSV', () => {
  it('writes a BOM, RFC 4180 quoting, defuses formulas, and gives labels with the codes in columns of their own, byte by byte', async () => {
    const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
    const sup = await t.cookieFor(await t.addUser('supervisor'))
    const op = await t.cookieFor(await t.addUser('operator'))
    const kase = await fileCase(t, op, { kelurahan: kelurahanB })
    await t.db.update(cases).set({ ticket: '=HYPERLINK("x")' }).where(eq(cases.id, kase.id))
    const res = await t.request('/cases/export.csv?open=1', { cookie: sup })
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text).toBe(
      '\uFEFFTiket,Diterima,Kategori,Kelurahan,Status,Target,Selesai,Waktu penanganan (menit),Tepat waktu,Fasilitator,Dieskalasi,Saluran,Urgensi,Kode status,Kode saluran,Kode urgensi\r\n' +
        `"'=HYPERLINK(""x"")",2026-11-24 09:00,Lansia terlantar,${await kelName(t)},Baru,2026-11-25 09:00,,,,,tidak,Telepon,Segera,baru,telepon,segera\r\n`,
    )
  })
})

async function kelName(t: TestApp) {
  const { kelurahanName } = await import('../support/app')
  return kelurahanName(t.db, kelurahanB)
}
