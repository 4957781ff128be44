import type { CDPSession, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { caseServiceDetails, cases } from '../../worker/db/schema'
import { categoryId, kelurahanA, validReport } from '../support/app'
import { serveTestApp, signIn, useBrowser, watchProblems, type ServedApp } from '../support/browser'

const chromium = useBrowser()

/** One control of the form as an operator reaches it: Tab onto it, then type or press keys. */
type Step = { label: string; type?: string; keys?: string[]; then?: () => Promise<void> }

// Exactly this label; a required field's label ends with an asterisk hidden from screen readers.
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${escape(label)}( \\*)?$`))
const isFocused = (page: Page, label: string) => field(page, label).evaluate((el) => el === document.activeElement)

/** Fills the form top to bottom with the keyboard alone, checking focus lands where the label says. */
async function fillByKeyboard(page: Page, steps: Step[]) {
  for (const [i, step] of steps.entries()) {
    if (i > 0) await page.keyboard.press('Tab')
    expect(await isFocused(page, step.label), `focus is on "${step.label}"`).toBe(true)
    if (step.type) await page.keyboard.type(step.type)
    for (const key of step.keys ?? []) await page.keyboard.press(key)
    await step.then?.()
  }
}

/** The whole form in its order, as a phone call goes; `overrides` replace a step's typing. */
function reportSteps(overrides: Partial<Record<string, Partial<Step>>> = {}): Step[] {
  const steps: Step[] = [
    { label: 'Nama pelapor', type: 'Budi Santoso' },
    { label: 'Nomor HP pelapor', type: '0812 3456 7890' },
    { label: 'Hubungan dengan orang yang dilaporkan', keys: ['ArrowDown', 'ArrowDown', 'ArrowDown'] }, // Tetangga / warga
    { label: 'Saluran', keys: ['ArrowDown', 'ArrowDown'] }, // WhatsApp
    { label: 'Nama atau ciri-ciri', type: 'Nenek Aminah' },
    { label: 'NIK (bila ada)' },
    { label: 'Kelompok umur', keys: ['ArrowUp'] }, // Lansia
    { label: 'Jenis kelamin', keys: ['ArrowUp'] }, // Perempuan
    { label: 'Perkiraan umur (tahun)' },
    { label: 'Identitas belum diketahui' },
    { label: 'Ciri-ciri (pakaian, rambut, tanda lahir, bekas luka, cara bicara)' },
    { label: 'Cari kelurahan' },
    { label: 'Kelurahan', keys: ['ArrowDown'] }, // the first kelurahan of the list
    { label: 'Alamat / lokasi', type: 'Jl. Gusti Sulung Lelanang No. 7' },
    { label: 'RT', type: '3' },
    { label: 'RW', type: '12' },
    { label: 'Patokan', type: 'dekat masjid <b>hijau</b>' },
    { label: 'Kategori', keys: ['ArrowDown'] }, // the first category
    { label: 'Urgensi', keys: ['ArrowDown'] }, // Segera
    { label: 'Status DTKS', keys: ['ArrowUp'] }, // Tidak terdaftar
    { label: 'Uraian', type: 'Lansia tinggal sendiri, belum makan dua hari.' },
  ]
  return steps.map((step) => ({ ...step, ...overrides[step.label] }))
}

/** Tabs from the last field to the submit button and presses Enter, waiting for the page it leads to. */
async function submitByKeyboard(page: Page) {
  await page.keyboard.press('Tab')
  expect(await page.getByRole('button', { name: 'Simpan laporan' }).evaluate((el) => el === document.activeElement)).toBe(true)
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')])
}

/** With htmx: type part of the name, wait for the list to narrow, take its first kelurahan. */
function filterKelurahanSteps(page: Page): Partial<Record<string, Partial<Step>>> {
  const options = field(page, 'Kelurahan').locator('option')
  return {
    'Cari kelurahan': {
      type: 'benua',
      then: async () => {
        // The list is narrowed by an htmx partial before the operator moves on.
        await expect.poll(async () => (await options.allTextContents()).slice(1, -1).every((label) => label.toLowerCase().includes('benua'))).toBe(true)
        const labels = await options.allTextContents()
        expect(labels[0]).toBe('— pilih kelurahan —')
        expect(labels.at(-1)).toBe('Belum diketahui (isi patokan lokasi)')
        expect(labels.length).toBeLessThan(10)
        expect(labels[1]).toMatch(/^Benua ?Melayu Darat/i)
      },
    },
  }
}

/** Without JavaScript the search box filters nothing: the operator arrows down the whole list. */
async function pickKelurahanSteps(page: Page): Promise<Partial<Record<string, Partial<Step>>>> {
  const values = await field(page, 'Kelurahan').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
  expect(values.length).toBeGreaterThan(20)
  return { Kelurahan: { keys: Array(values.indexOf(kelurahanA)).fill('ArrowDown') } }
}

async function operatorPage(t: ServedApp, opts: { javaScript: boolean }) {
  const operator = await t.addUser('operator')
  const context = await chromium.newContext({ javaScript: opts.javaScript })
  const page = await context.newPage()
  const problems = await watchProblems(page)
  await signIn(page, t.origin, operator.username, undefined, '/intake')
  expect(new URL(page.url()).pathname).toBe('/intake')
  return { page, problems, operator }
}

async function expectCaseCreated(t: ServedApp, page: Page) {
  expect(page.url()).toMatch(/\/cases\/\d+\?baru=1$/)
  const [kase, ...more] = await t.db.select().from(cases)
  expect(more).toHaveLength(0)
  await expect(page.getByRole('status').filter({ hasText: 'Laporan tersimpan' }).textContent()).resolves.toContain(kase!.ticket)
  expect(kase).toMatchObject({
    reporterName: 'Budi Santoso',
    reporterPhone: '+6281234567890',
    reporterRelation: 'tetangga',
    channel: 'whatsapp',
    personName: 'Nenek Aminah',
    personAgeGroup: 'lansia',
    personSex: 'P',
    kelurahanCode: kelurahanA,
    rt: '003',
    rw: '012',
    landmark: 'dekat masjid <b>hijau</b>',
    urgency: 'segera',
    dtksStatus: 'tidak',
  })
  return kase!
}

describe('intake form in Chromium', () => {
  it('takes a report from the keyboard alone with JavaScript on, filtering kelurahan as the operator types', async () => {
    const t = await serveTestApp()
    const { page, problems } = await operatorPage(t, { javaScript: true })
    await fillByKeyboard(page, reportSteps(filterKelurahanSteps(page)))
    await submitByKeyboard(page)
    const kase = await expectCaseCreated(t, page)
    await expect(page.locator('strong', { hasText: kase.ticket }).count()).resolves.toBeGreaterThan(0)
    expect(problems).toEqual([])
  })

  it('finds a kelurahan as callers spell it: "dalam bugis", "benua melayu", "sungai jawi", and a misspelling', async () => {
    const t = await serveTestApp()
    const { page, problems } = await operatorPage(t, { javaScript: true })
    const search = field(page, 'Cari kelurahan')
    // Between the placeholder and "Belum diketahui", which every search offers last.
    const found = async () => (await field(page, 'Kelurahan').locator('option').allTextContents()).slice(1, -1).map((label) => label.replace(/ \(Kec\..*$/, ''))
    for (const [typed, expected] of [
      ['dalam bugis', ['Dalambugis']],
      ['benua melayu', ['Benuamelayu Laut', 'Benuamelayu Darat']],
      ['sungai jawi', ['Sungaijawi Dalam', 'Sungaijawi Luar', 'Sungaijawi']],
      ['Kel. Siantan-Hulu', ['Siantan Hulu']],
    ] as const) {
      await search.fill(typed)
      await expect.poll(async () => [...(await found())].sort()).toEqual([...expected].sort())
    }
    await search.fill('sungei jawi')
    await expect.poll(async () => (await found())[0]).toMatch(/^Sungaijawi/)
    expect(problems).toEqual([])
  })

  it('takes a report from the keyboard alone with JavaScript off: a plain POST answered with 303', async () => {
    const t = await serveTestApp()
    const { page, problems } = await operatorPage(t, { javaScript: false })
    const statuses: number[] = []
    page.on('response', (res) => {
      if (res.request().method() === 'POST' && new URL(res.url()).pathname === '/intake') statuses.push(res.status())
    })
    await fillByKeyboard(page, reportSteps(await pickKelurahanSteps(page)))
    await submitByKeyboard(page)
    expect(statuses).toEqual([303])
    await expectCaseCreated(t, page)
    expect(problems).toEqual([])
  })

  it('re-renders a report with a bad NIK keeping every typed value, the message beside the NIK field', async () => {
    const t = await serveTestApp()
    const { page, problems } = await operatorPage(t, { javaScript: false })
    await fillByKeyboard(page, reportSteps({ 'NIK (bila ada)': { type: '1234' }, ...(await pickKelurahanSteps(page)) }))
    const response = page.waitForResponse((res) => res.request().method() === 'POST')
    await submitByKeyboard(page)
    expect((await response).status()).toBe(422)
    const nik = field(page, 'NIK (bila ada)')
    await expect(nik.getAttribute('aria-invalid')).resolves.toBe('true')
    const describedBy = (await nik.getAttribute('aria-describedby'))!.split(' ')
    const message = page.locator('.field', { has: nik }).locator('.error')
    expect(describedBy).toContain(await message.getAttribute('id'))
    await expect(message.textContent()).resolves.toBe('NIK harus 16 angka.')
    expect(await nik.inputValue()).toBe('1234')
    const kept: Record<string, string> = {
      'Nama pelapor': 'Budi Santoso',
      'Nomor HP pelapor': '0812 3456 7890',
      'Hubungan dengan orang yang dilaporkan': 'tetangga',
      Saluran: 'whatsapp',
      'Nama atau ciri-ciri': 'Nenek Aminah',
      'Kelompok umur': 'lansia',
      'Jenis kelamin': 'P',
      Kelurahan: kelurahanA,
      'Alamat / lokasi': 'Jl. Gusti Sulung Lelanang No. 7',
      RT: '3',
      RW: '12',
      Patokan: 'dekat masjid <b>hijau</b>',
      Urgensi: 'segera',
      'Status DTKS': 'tidak',
      Uraian: 'Lansia tinggal sendiri, belum makan dua hari.',
    }
    kept.Kategori = (await field(page, 'Kategori').locator('option').nth(1).getAttribute('value'))! // the first category
    for (const [label, value] of Object.entries(kept)) expect(await field(page, label).inputValue(), label).toBe(value)
    expect(await t.db.select().from(cases)).toHaveLength(0)
    // Chromium logs every 4xx document it loads; this one is the expected answer.
    expect(problems.filter((p) => !/status of 422 .*\/intake\)$/.test(p))).toEqual([])
  })

  it('warns, before saving, that the phone number already has an open case', async () => {
    const t = await serveTestApp()
    const earlier = await t.addUser('operator')
    const res = await t.request('/intake', { cookie: await t.cookieFor(earlier), form: validReport({ reporter_phone: '0812-3456-7890', category: String(await categoryId(t.db, 'lansia-terlantar')) }) })
    expect(res.status).toBe(303)
    const [existing] = await t.db.select().from(cases)
    const { page, problems } = await operatorPage(t, { javaScript: true })
    await fillByKeyboard(page, reportSteps().slice(0, 3)) // leaving the phone field is its change
    const warning = page.locator('#duplicates [role=status]')
    await warning.waitFor()
    expect(await warning.textContent()).toContain('Mungkin sudah dilaporkan.')
    expect(await warning.getByRole('link').textContent()).toBe(existing!.ticket)
    expect(problems).toEqual([])
  })

  it('keeps a draft in the browser until the case is created, then forgets it', async () => {
    const t = await serveTestApp()
    const { page, problems } = await operatorPage(t, { javaScript: true })
    await fillByKeyboard(page, reportSteps().slice(0, 5))
    await page.getByRole('link', { name: 'Kasus' }).click()
    await page.waitForURL((url) => url.pathname === '/cases')
    await page.goto(t.url('/intake'))
    expect(await field(page, 'Nama pelapor').inputValue()).toBe('Budi Santoso')
    expect(await field(page, 'Nomor HP pelapor').inputValue()).toBe('0812 3456 7890')
    expect(await field(page, 'Hubungan dengan orang yang dilaporkan').inputValue()).toBe('tetangga')
    expect(await field(page, 'Saluran').inputValue()).toBe('whatsapp')
    expect(await field(page, 'Nama atau ciri-ciri').inputValue()).toBe('Nenek Aminah')
    expect(await page.locator('[data-draft-note]').isVisible()).toBe(true)

    await page.reload()
    expect(await field(page, 'Nama pelapor').inputValue()).toBe('Budi Santoso')

    // Carry on from the first empty field: the restored values stay as they are.
    await field(page, 'NIK (bila ada)').focus()
    await fillByKeyboard(page, reportSteps(filterKelurahanSteps(page)).slice(5))
    await submitByKeyboard(page)
    await expectCaseCreated(t, page)
    expect(await page.evaluate(() => localStorage.getItem('sigap-draft:intake'))).toBeNull()
    await page.goto(t.url('/intake'))
    expect(await field(page, 'Nama pelapor').inputValue()).toBe('')
    expect(await page.locator('[data-draft-note]').isVisible()).toBe(false)
    expect(problems).toEqual([])
  })

  it('starts its scripts after the page takes input, and a draft restored then keeps what the operator already typed', async () => {
    const t = await serveTestApp()
    const { page, problems } = await operatorPage(t, { javaScript: true })
    await fillByKeyboard(page, reportSteps().slice(0, 2))
    // app.js is held until the operator has typed on the fresh page: a slow phone, a slow link.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route(/\/static\/js\.[0-9a-f]+\.js$/, async (route) => {
      await held
      await route.continue()
    })
    await page.goto(t.url('/intake'), { waitUntil: 'domcontentloaded' })
    // The page answers before app.js has run: nothing restored yet.
    expect(await field(page, 'Nomor HP pelapor').inputValue()).toBe('')
    await field(page, 'Nama pelapor').fill('Siti Rahma')
    release()
    await page.locator('[data-draft-note]').waitFor()
    expect(await field(page, 'Nama pelapor').inputValue()).toBe('Siti Rahma')
    expect(await field(page, 'Nomor HP pelapor').inputValue()).toBe('0812 3456 7890')
    expect(problems).toEqual([])
  })

  it('weighs at most 30 KB over the wire on a cold cache, its HTML at most 14 KB', async () => {
    const t = await serveTestApp()
    const operator = await t.addUser('operator')
    const signedIn = await chromium.newContext()
    await signIn(await signedIn.newPage(), t.origin, operator.username)
    // A fresh context has an empty cache; only the session cookie is carried over.
    const context = await chromium.browser.newContext({ storageState: await signedIn.storageState() })
    const page = await context.newPage()
    const problems = await watchProblems(page)
    const weights = await measureTransfer(await context.newCDPSession(page), () => page.goto(t.url('/intake'), { waitUntil: 'networkidle' }))
    await context.close()
    const by = (type: string) => weights.filter((w) => w.type === type).reduce((sum, w) => sum + w.bytes, 0)
    const html = by('Document')
    const js = by('Script')
    const total = weights.reduce((sum, w) => sum + w.bytes, 0)
    console.log(`intake page transfer: ${total} bytes (html ${html} with the styles inline, js ${js}; ${weights.length} responses, cold cache, incl. headers)`)
    for (const w of weights) console.log(`  ${w.type} ${w.url} ${w.bytes} bytes, ${w.encoding || 'uncompressed'}`)
    // No stylesheet file: the styles travel inside the HTML (issue 25). The scripts: htmx, app.js and
    // boot.js, which starts them once the page has taken input.
    expect(weights.map((w) => w.type).sort()).toEqual(['Document', 'Script', 'Script', 'Script'])
    for (const w of weights) expect(w.encoding, w.url).toMatch(/^(gzip|br|deflate|zstd)$/)
    expect(total).toBeLessThanOrEqual(30 * 1024)
    expect(html).toBeLessThanOrEqual(14 * 1024)
    expect(problems).toEqual([])
  })
})

/** Compressed bytes over the wire (headers included) of every response a navigation loads, from DevTools. */
async function measureTransfer(cdp: CDPSession, navigate: () => Promise<unknown>) {
  const responses = new Map<string, { url: string; type: string; encoding: string }>()
  const finished: { url: string; type: string; encoding: string; bytes: number }[] = []
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
    responses.set(e.requestId, { url: new URL(e.response.url).pathname, type: e.type, encoding: headers['content-encoding'] ?? '' })
  })
  cdp.on('Network.loadingFinished', (e) => {
    const response = responses.get(e.requestId)
    if (response) finished.push({ ...response, bytes: e.encodedDataLength })
  })
  await navigate()
  return finished
}

describe('a category’s own fields in the intake form (issue 17)', () => {
  /** The parts of a call every report needs, typed straight into the fields. */
  async function fillCall(page: Page) {
    await field(page, 'Nama pelapor').fill('Suster Rina')
    await field(page, 'Nomor HP pelapor').fill('0812 7777 8888')
    await field(page, 'Hubungan dengan orang yang dilaporkan').selectOption('aparat')
    await field(page, 'Nama atau ciri-ciri').fill('Harisma')
    await field(page, 'Kelurahan').selectOption(kelurahanA)
    await field(page, 'Alamat / lokasi').fill('RSD Idaman, ruang nifas')
    await field(page, 'Uraian').fill('Pasien tanpa identitas, perlu pendamping selama rawat inap.')
  }

  const postsTo = (page: Page, path: string) => {
    const statuses: number[] = []
    page.on('response', (res) => {
      if (res.request().method() === 'POST' && new URL(res.url()).pathname === path) statuses.push(res.status())
    })
    return statuses
  }

  async function expectDetails(t: ServedApp, expected: Record<string, string>) {
    const [kase, ...more] = await t.db.select().from(cases)
    expect(more).toHaveLength(0)
    const [details] = await t.db.select().from(caseServiceDetails).where(eq(caseServiceDetails.caseId, kase!.id))
    expect(JSON.parse(details!.values)).toEqual(expected)
  }

  it('with JavaScript on, shows the chosen category’s fields in the form and saves them with the report', async () => {
    const t = await serveTestApp()
    const { page, problems } = await operatorPage(t, { javaScript: true })
    const saves = postsTo(page, '/intake')
    await fillCall(page)
    await field(page, 'Kategori').selectOption({ label: 'Ambulans / jenazah' })
    await expect.poll(() => field(page, 'Tujuan (RS / rumah duka)').isVisible()).toBe(true)
    // The patient's name is the person's name already typed: not asked again.
    expect(await page.getByLabel(/Nama pasien/).count()).toBe(0)
    await field(page, 'Kategori').selectOption({ label: 'Pendampingan pasien rawat inap' })
    await expect.poll(() => field(page, 'Rumah sakit').isVisible()).toBe(true)
    expect(await field(page, 'Tujuan (RS / rumah duka)').count()).toBe(0)
    await field(page, 'Rumah sakit').fill('RSD Idaman Banjarbaru')
    await field(page, 'Ruang / bangsal').fill('Nifas 2')
    await field(page, 'Jadwal jaga').selectOption('24 jam')
    await Promise.all([page.waitForURL(/\/cases\/\d+\?baru=1$/), page.getByRole('button', { name: 'Simpan laporan' }).click()])
    expect(saves).toEqual([303])
    await expectDetails(t, { rumah_sakit: 'RSD Idaman Banjarbaru', ruang: 'Nifas 2', shift: '24 jam' })
    expect(await page.locator('#case-services').textContent()).toContain('RSD Idaman Banjarbaru')
    expect(problems).toEqual([])
  })

  it('with JavaScript off, asks for the category’s fields as a second step before saving, keeping everything typed', async () => {
    const t = await serveTestApp()
    const { page, problems } = await operatorPage(t, { javaScript: false })
    const saves = postsTo(page, '/intake')
    await fillCall(page)
    await field(page, 'Kategori').selectOption({ label: 'Pendampingan pasien rawat inap' })
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Simpan laporan' }).click()])
    expect(await page.getByText('Laporan belum disimpan: kategori ini punya rincian layanan.').isVisible()).toBe(true)
    expect(await field(page, 'Nama pelapor').inputValue()).toBe('Suster Rina')
    expect(await field(page, 'Alamat / lokasi').inputValue()).toBe('RSD Idaman, ruang nifas')
    expect(await field(page, 'Kategori').inputValue()).toBe(String(await categoryId(t.db, 'laras-rawat-inap')))
    expect(await t.db.select().from(cases)).toEqual([])
    await field(page, 'Rumah sakit').fill('RSD Idaman Banjarbaru')
    await Promise.all([page.waitForURL(/\/cases\/\d+\?baru=1$/), page.getByRole('button', { name: 'Simpan laporan' }).click()])
    expect(saves).toEqual([200, 303])
    await expectDetails(t, { rumah_sakit: 'RSD Idaman Banjarbaru' })
    expect(problems).toEqual([])
  })
})
