import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { describe, expect, it, onTestFinished } from 'vitest'
import { kelurahanA } from '../support/app'
import { serveTestApp, signIn, useBrowser, watchProblems, type ServedApp } from '../support/browser'
import { cameraJpeg } from '../support/camera-photo'
import { caseRow, fakeJpeg, fileCase } from '../support/handling'

const chromium = useBrowser()
const phone = { width: 360, height: 740 }

/** A real PNG of `w`×`h` pixels; noisy pixels barely compress, so a big one stays big. */
function png(w: number, h: number, noisy: boolean): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(8 + data.length + 4)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(w, 0)
  header.writeUInt32BE(h, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let i = 0; i < raw.length; i++) raw[i] = i % (w * 3 + 1) === 0 ? 0 : noisy ? (Math.random() * 256) | 0 : (i * 7) % 256
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

async function servedWithCase() {
  const t = await serveTestApp()
  const operator = await t.addUser('operator')
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const supervisor = await t.addUser('supervisor')
  const kase = await fileCase(t, await t.cookieFor(operator), { reporter_phone: '0812 3456 7890' })
  return { t, fac, supervisor, kase }
}

/** Transfer sizes Chromium measured for a URL: bytes on the wire (headers included) and the compressed body. */
async function transferOf(page: Page, part: string) {
  return page.evaluate((p) => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')] as PerformanceResourceTiming[]
    const e = entries.filter((x) => x.name.includes(p)).at(-1)
    return e ? { transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize } : null
  }, part)
}

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width)
}

describe('facilitator on a 360 px phone', () => {
  it('walks a case from sign-in to selesai with JavaScript on (plain forms, GPS, a shrunk photo)', async () => {
    const { t, fac, kase } = await servedWithCase()
    const context = await chromium.newContext({ viewport: phone })
    await context.grantPermissions(['geolocation'], { origin: t.origin })
    await context.setGeolocation({ latitude: -0.0263, longitude: 109.3425, accuracy: 12 })
    const page = await context.newPage()
    const problems = await watchProblems(page)
    const htmxRequests: string[] = []
    page.on('request', (r) => {
      if (r.headers()['hx-request']) htmxRequests.push(`${r.method()} ${r.url()}`)
    })

    await signIn(page, t.origin, fac.username)
    expect(new URL(page.url()).pathname).toBe('/my-cases')
    await expect.poll(() => page.getByRole('heading', { name: 'Kasus saya' }).isVisible()).toBe(true)
    expect(await page.locator('a[href="tel:+6281234567890"]').count()).toBe(1)
    expect(await page.locator('a[href="https://wa.me/6281234567890"]').count()).toBe(1)
    await noHorizontalScroll(page)
    const myCases = await transferOf(page, '/my-cases')
    console.log(`Kasus saya transfer: ${JSON.stringify(myCases)}`)

    await Promise.all([page.waitForURL(`**/cases/${kase.id}`), page.getByRole('link', { name: kase.ticket }).click()])
    await noHorizontalScroll(page)

    // Accept: a note, the position (allowed), and a big photo the page shrinks before sending.
    await page.getByText('Terima kasus', { exact: true }).first().click()
    const form = page.locator('form[action$="/accept"]')
    await form.getByLabel(/Hasil kontak pertama/).fill('Sudah telepon pelapor; kunjungan rumah pukul 10.')
    await form.getByRole('button', { name: 'Tambahkan lokasi saya' }).click()
    await expect.poll(() => form.locator('[data-geo-status]').textContent()).toContain('Lokasi ditambahkan')
    const big = png(900, 700, true)
    expect(big.length).toBeGreaterThan(1_000_000)
    await form.locator('input[type=file]').setInputFiles({ name: 'rumah.png', mimeType: 'image/png', buffer: big })
    await expect.poll(() => form.locator('input[type=file]').evaluate((el: HTMLInputElement) => !el.dataset.shrinking && el.files![0]!.type === 'image/jpeg' && el.files![0]!.size <= 200 * 1024)).toBe(true)
    // A plain form post (no htmx partial, issue 10), then the case page in its new state.
    await Promise.all([page.waitForURL(`**/cases/${kase.id}?done=accept#case-handling`), form.getByRole('button', { name: 'Terima kasus' }).click()])
    expect(await page.locator('#case-status').textContent()).toBe('Ditangani')
    expect(await page.locator('#case-handling [role=status]').textContent()).toContain('Tersimpan')
    expect(await page.locator('#timeline li').last().textContent()).toContain('Diterima fasilitator')
    await expect.poll(() => page.locator('.photos img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)

    // Resolve without the note the server requires: the form comes back open with the outcome chosen
    // and the message beside the note; then with the note, and the clock stops.
    await page.getByText('Selesaikan', { exact: true }).first().click()
    let resolve = page.locator('form[action$="/resolve"]')
    await resolve.getByLabel(/Hasil penanganan/).selectOption('bantuan_diberikan')
    await resolve.getByLabel(/Catatan penyelesaian/).evaluate((el: HTMLTextAreaElement) => el.removeAttribute('required'))
    await Promise.all([page.waitForURL(`**/cases/${kase.id}/resolve`), resolve.getByRole('button', { name: 'Selesaikan' }).click()])
    resolve = page.locator('form[action$="/resolve"]')
    expect(await resolve.isVisible()).toBe(true)
    expect(await resolve.getByLabel(/Hasil penanganan/).inputValue()).toBe('bantuan_diberikan')
    expect(await page.locator('#e-note-resolve').textContent()).toContain('catatan')
    expect((await caseRow(t, kase.id)).status).toBe('ditangani')
    await resolve.getByLabel(/Catatan penyelesaian/).fill('Sembako diantar, didaftarkan ke DTKS.')
    await Promise.all([page.waitForURL(`**/cases/${kase.id}?done=resolve#case-handling`), resolve.getByRole('button', { name: 'Selesaikan' }).click()])
    expect(await page.locator('#case-status').textContent()).toBe('Selesai')
    expect(await page.locator('#case-handling').textContent()).toContain('Waktu penanganan')
    await noHorizontalScroll(page)
    expect(htmxRequests).toEqual([])

    const stored = await caseRow(t, kase.id)
    expect(stored).toMatchObject({ status: 'selesai', outcome: 'bantuan_diberikan', resolvedAt: t.clock.now() })
    const locations = await t.db.$client.execute('SELECT lat, lng FROM event_locations')
    expect(locations.rows.map((r) => [r.lat, r.lng])).toEqual([[-0.0263, 109.3425]])
    const photos = await t.db.$client.execute('SELECT content_type, size FROM case_photos')
    expect(photos.rows).toHaveLength(1)
    expect(photos.rows[0]!.content_type).toBe('image/jpeg')
    expect(Number(photos.rows[0]!.size)).toBeLessThanOrEqual(200 * 1024)
    // The 422 of the deliberately incomplete form is logged by Chromium; nothing else may be.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([])
  })

  it('walks the same case to selesai with JavaScript off (plain forms, 303)', async () => {
    const { t, fac, kase } = await servedWithCase()
    const context = await chromium.newContext({ viewport: phone, javaScript: false })
    const page = await context.newPage()
    const problems = await watchProblems(page)

    await signIn(page, t.origin, fac.username)
    expect(new URL(page.url()).pathname).toBe('/my-cases')
    await Promise.all([page.waitForURL(`**/cases/${kase.id}`), page.getByRole('link', { name: kase.ticket }).click()])
    // Without JavaScript there is no location button; the rest works.
    expect(await page.locator('[data-geo]').first().isVisible()).toBe(false)

    await page.getByText('Terima kasus', { exact: true }).first().click()
    const form = page.locator('form[action$="/accept"]')
    await form.getByLabel(/Hasil kontak pertama/).fill('Bertemu langsung di rumah.')
    await form.locator('input[type=file]').setInputFiles({ name: 'kecil.png', mimeType: 'image/png', buffer: png(40, 30, false) })
    await Promise.all([page.waitForURL(`**/cases/${kase.id}?done=accept#case-handling`), form.getByRole('button', { name: 'Terima kasus' }).click()])
    expect(await page.locator('#case-status').textContent()).toBe('Ditangani')
    expect(await page.locator('#case-handling [role=status]').textContent()).toContain('Tersimpan')

    // A missing note comes back as the form with the message beside it; nothing changes.
    await page.getByText('Selesaikan', { exact: true }).first().click()
    let resolve = page.locator('form[action$="/resolve"]')
    await resolve.getByLabel(/Hasil penanganan/).selectOption('kembali_keluarga')
    await resolve.getByLabel(/Catatan penyelesaian/).evaluate((el: HTMLTextAreaElement) => el.removeAttribute('required'))
    await Promise.all([page.waitForURL(`**/cases/${kase.id}/resolve`), resolve.getByRole('button', { name: 'Selesaikan' }).click()])
    expect(await page.locator('#e-note-resolve').textContent()).toContain('catatan')
    resolve = page.locator('form[action$="/resolve"]')
    expect(await resolve.getByLabel(/Hasil penanganan/).inputValue()).toBe('kembali_keluarga')
    await resolve.getByLabel(/Catatan penyelesaian/).fill('Diantar pulang ke keluarga di Siantan.')
    await Promise.all([page.waitForURL(`**/cases/${kase.id}?done=resolve#case-handling`), resolve.getByRole('button', { name: 'Selesaikan' }).click()])
    expect(await page.locator('#case-status').textContent()).toBe('Selesai')
    await noHorizontalScroll(page)
    expect(await caseRow(t, kase.id)).toMatchObject({ status: 'selesai', outcome: 'kembali_keluarga' })
    // The 422 of the deliberately incomplete form is logged by Chromium; nothing else may be.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([])
  })
})

describe('camera photos with JavaScript off (issue 17)', () => {
  it('takes a 1 MB camera photo, stores it shrunk, and answers an 11 MB one with the note kept and the limit named', { timeout: 120_000 }, async () => {
    const { t, fac, kase } = await servedWithCase()
    const context = await chromium.newContext({ viewport: phone, javaScript: false })
    const page = await context.newPage()
    const problems = await watchProblems(page)
    await signIn(page, t.origin, fac.username)
    await page.goto(`${t.origin}/cases/${kase.id}`)
    await page.getByText('Terima kasus', { exact: true }).first().click()
    const accept = page.locator('form[action$="/accept"]')
    await accept.getByLabel(/Hasil kontak pertama/).fill('Sudah telepon pelapor.')
    await Promise.all([page.waitForURL(`**/cases/${kase.id}?done=accept#case-handling`), accept.getByRole('button', { name: 'Terima kasus' }).click()])

    const camera = Buffer.from(cameraJpeg(2000, 1500))
    expect(camera.length).toBeGreaterThan(1024 * 1024)
    await page.getByText('Catat kunjungan', { exact: true }).first().click()
    let visit = page.locator('form[action$="/visit"]')
    await visit.getByLabel(/Catatan kunjungan/).fill('Rumah papan, atap bocor.')
    await visit.locator('input[type=file]').setInputFiles({ name: 'IMG_20261124_101500.jpg', mimeType: 'image/jpeg', buffer: camera })
    await Promise.all([page.waitForURL(`**/cases/${kase.id}?done=visit#case-handling`), visit.getByRole('button', { name: 'Catat kunjungan' }).click()])
    const photos = await t.db.$client.execute('SELECT content_type, size FROM case_photos')
    expect(photos.rows).toHaveLength(1)
    expect(photos.rows[0]!.content_type).toBe('image/jpeg')
    expect(Number(photos.rows[0]!.size)).toBeLessThanOrEqual(200 * 1024)
    await expect.poll(() => page.locator('.photos img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1280)

    // Over the limit: the case page again, the visit form open with the note, the limit named.
    await page.getByText('Catat kunjungan', { exact: true }).first().click()
    visit = page.locator('form[action$="/visit"]')
    await visit.getByLabel(/Catatan kunjungan/).fill('Kunjungan kedua, keluarga tidak ada.')
    // From a file, as a phone picks it: Playwright would send an 11 MB buffer through the protocol as base64.
    const dir = mkdtempSync(join(tmpdir(), 'sigap-upload-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const big = join(dir, 'IMG_20261124_103000.jpg')
    writeFileSync(big, fakeJpeg(11 * 1024 * 1024))
    await visit.locator('input[type=file]').setInputFiles(big)
    await Promise.all([page.waitForURL(`**/cases/${kase.id}/visit`), visit.getByRole('button', { name: 'Catat kunjungan' }).click()])
    expect(await page.locator('h1').first().textContent()).not.toContain('Tidak diizinkan')
    visit = page.locator('form[action$="/visit"]')
    expect(await visit.isVisible()).toBe(true)
    expect(await visit.getByLabel(/Catatan kunjungan/).inputValue()).toBe('Kunjungan kedua, keluarga tidak ada.')
    expect(await visit.locator('.error').textContent()).toContain('10 MB')
    expect((await t.db.$client.execute('SELECT count(*) AS n FROM case_photos')).rows[0]!.n).toBe(1)
    expect(problems.filter((p) => !p.includes('status of 413'))).toEqual([])
  })
})

/** The pages of a PDF and the text of each, as pdf.js (Mozilla's PDF reader) extracts it. */
async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false }).promise
  const pages: string[] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''))
  }
  await doc.destroy()
  return pages
}

describe('surat tugas in Chromium', () => {
  it('is requested by the facilitator, issued by the supervisor, and prints on exactly one A4 page with names and NIPs', async () => {
    const t = await serveTestApp()
    // The longest letter the forms allow: four full kop lines, five full Dasar lines, a 400-character task.
    const long = (prefix: string, n: number) => `${prefix} ${'tentang Penanganan Pemerlu Pelayanan Kesejahteraan Sosial '.repeat(10)}`.slice(0, n).trim()
    const settings: [string, string][] = [
      ['letterhead.government', long('PEMERINTAH KOTA PONTIANAK', 60)],
      ['letterhead.agency', long('DINAS SOSIAL', 60)],
      ['letterhead.address', long('Jalan Letnan Jenderal Sutoyo', 120)],
      ['letterhead.contact', long('Telepon (0561) 736 254', 120)],
      ['letter.basis', Array.from({ length: 5 }, (_, i) => long(`Keputusan Kepala Dinas Sosial Nomor 0${i}0 Tahun 2023`, 119)).join('\n')],
      ['letter.signer_name', 'Dra. Hj. Nurul Hidayati, M.Si.'],
      ['letter.signer_nip', '196805121994032007'],
      ['letter.signer_rank', 'Pembina Utama Muda (IV/c)'],
      ['letter.signer_title', 'Kepala Dinas Sosial Kota Pontianak'],
    ]
    // Before the first request reads (and caches) the settings.
    for (const [key, value] of settings) await t.db.$client.execute({ sql: 'INSERT INTO settings (key, value) VALUES (?, ?)', args: [key, value] })
    const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const supervisor = await t.addUser('supervisor')
    const kase = await fileCase(t, await t.cookieFor(await t.addUser('operator')))
    await t.db.$client.execute({ sql: "UPDATE users SET nip = '198903152015031002', position = 'Pekerja Sosial Masyarakat', rank = 'Penata Muda (III/a)' WHERE id = ?", args: [fac.id] })
    expect((await caseRow(t, kase.id)).assignedTo).toBe(fac.id)

    const facPage = await (await chromium.newContext({ viewport: phone })).newPage()
    const problems = await watchProblems(facPage)
    await signIn(facPage, t.origin, fac.username, undefined, `/cases/${kase.id}`)
    await Promise.all([facPage.waitForURL(/done=surat-tugas-diminta/), facPage.getByRole('button', { name: 'Minta surat tugas' }).click()])
    expect(await facPage.locator('#case-handling [role=status]').textContent()).toContain('Permintaan surat tugas terkirim')

    const context = await chromium.newContext()
    const page = await context.newPage()
    problems.push(...(await watchProblems(page)))
    await signIn(page, t.origin, supervisor.username, undefined, `/cases/${kase.id}`)
    expect(await page.locator('#case-handling').textContent()).toContain(`Diminta oleh ${fac.displayName}`)
    const task = page.getByLabel(/Untuk/)
    expect(await task.inputValue()).toContain(kase.ticket)
    await task.fill(long('Mendampingi warga yang dilaporkan ke rumah sakit rujukan dan', 400))
    await Promise.all([page.waitForURL('**/surat-tugas/*'), page.getByRole('button', { name: 'Terbitkan surat tugas' }).click()])
    expect(await page.locator('.letter-number').textContent()).toMatch(/^NOMOR 460\/001\/Dinsos\/[IVX]+\/\d{4}$/)
    expect(await page.locator('svg.qr').count()).toBe(1)

    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('header.top').isVisible()).toBe(false)
    const pdf = await page.pdf({ format: 'A4', printBackground: true })
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pages = await pdfText(pdf)
    expect(pages).toHaveLength(1)
    // The text runs in the order of the naskah dinas layout.
    const text = pages[0]!.replace(/\s+/g, ' ')
    const order = ['PEMERINTAH KOTA PONTIANAK', 'SURAT TUGAS', 'NOMOR 460/001/Dinsos/', 'Dasar', 'MENUGASKAN', 'Kepada', fac.displayName, '19890315 201503 1 002', 'Penata Muda (III/a)', 'Pekerja Sosial Masyarakat', 'Untuk', 'Mendampingi warga', 'Pontianak, 24 November 2026', 'KEPALA DINAS SOSIAL KOTA PONTIANAK,', 'Dra. Hj. Nurul Hidayati, M.Si.', 'Pembina Utama Muda (IV/c)', 'NIP 19680512 199403 2 007']
    const at = order.map((needle) => text.indexOf(needle))
    expect(at.filter((i) => i < 0), `missing from the PDF: ${order.filter((_, i) => at[i]! < 0).join(' | ')}`).toEqual([])
    expect(at).toEqual([...at].sort((x, y) => x - y))
    expect(text).not.toContain(kase.personName)
    expect(problems).toEqual([])
  })
})

export type { ServedApp }

describe('Kasus saya at 360 px', () => {
  it('is one column of full-width cards, and no ticket number breaks across lines', async () => {
    const { t, fac } = await servedWithCase()
    await fileCase(t, await t.cookieFor(await t.addUser('operator')), { person_name: 'Bapak dengan nama yang cukup panjang untuk dibungkus' })
    const page = await (await chromium.newContext({ viewport: phone })).newPage()
    await signIn(page, t.origin, fac.username, undefined, '/my-cases')
    const cards = await page.locator('ul.cards > li').evaluateAll((els) => els.map((el) => ({ x: el.getBoundingClientRect().x, width: el.getBoundingClientRect().width, listWidth: el.parentElement!.getBoundingClientRect().width })))
    expect(cards).toHaveLength(2)
    for (const card of cards) expect(card).toEqual({ x: cards[0]!.x, width: card.listWidth, listWidth: card.listWidth })
    const ticketLines = await page.locator('ul.cards .card-head a').evaluateAll((els) => els.map((el) => el.getClientRects().length))
    expect(ticketLines).toEqual([1, 1])
  })
})
