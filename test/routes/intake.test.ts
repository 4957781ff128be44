import { count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { caseEvents, caseServiceDetails, cases, counters } from '../../worker/db/schema'
import { categoryId, createTestApp, kelurahanA, kelurahanB, validReport } from '../support/app'
import { fileCase } from '../support/handling'
import { controlValue, fieldError } from '../support/html'

/** Form fields of the intake form, in the order an operator fills them. */
const intakeFields = [
  'reporter_name', 'reporter_phone', 'reporter_relation', 'channel',
  'person_name', 'person_nik', 'person_age_group', 'person_sex',
  'kelurahan', 'address', 'rt', 'rw', 'landmark',
  'category', 'urgency', 'description', 'dtks_status', 'idem',
  'person_features', 'person_age',
] as const

const partial = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }

async function operatorApp(now?: string) {
  const t = await createTestApp(now ? { now } : {})
  const operator = await t.addUser('operator')
  return { t, operator, cookie: await t.cookieFor(operator) }
}

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
    expect(kase!.receivedAt).toBe(Date.parse('2026-11-24T09:00:00+07:00'))
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
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, kase!.id))
    expect(events).toMatchObject([{ kind: 'dibuat', toStatus: 'baru' }])
  })

  it('shows every field with a label pointing at its control', async () => {
    const { t, cookie } = await operatorApp()
    const res = await t.request('/intake', { cookie })
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const field of intakeFields.filter((f) => f !== 'idem')) {
      expect(html, field).toContain(`<label for="f-${field}">`)
      expect(html, field).toMatch(new RegExp(`<(input|select|textarea)\\b[^>]*id="f-${field}" name="${field}"`))
    }
    expect(html).toMatch(/<input type="hidden" name="idem" value="[A-Za-z0-9_-]{43}"\/>/)
    expect(html).toMatch(/<form method="post" action="\/intake"/)
  })

  it('numbers tickets per month in the deployment zone, counting up', async () => {
    // 30 Nov 17:30 UTC is already 1 December in Pontianak.
    const { t, operator, cookie } = await operatorApp('2026-11-30T23:00:00+07:00')
    expect((await fileCase(t, cookie)).ticket).toBe('2611-0001')
    expect((await fileCase(t, cookie)).ticket).toBe('2611-0002')
    t.clock.advance({ hours: 1, minutes: 30 })
    expect((await fileCase(t, await t.cookieFor(operator))).ticket).toBe('2612-0001')
  })

  it('sets the target from the category: two calendar hours for an ambulance', async () => {
    const { t, cookie } = await operatorApp('2026-11-28T22:00:00+07:00') // a Saturday night
    const kase = await fileCase(t, cookie, { category: String(await categoryId(t.db, 'ambulans')) })
    expect(kase.receivedAt).toBe(Date.parse('2026-11-28T22:00:00+07:00'))
    expect(kase.dueAt).toBe(Date.parse('2026-11-29T00:00:00+07:00'))
  })

  it('counts only office hours for a working-hours category', async () => {
    // Tuesday 09:00: 7 h on Tuesday, 8 h Wednesday, 8 h Thursday, the last hour on Friday morning.
    const { t, cookie } = await operatorApp('2026-11-24T09:00:00+07:00')
    const kase = await fileCase(t, cookie, { category: String(await categoryId(t.db, 'kis-pbi')) })
    expect(kase.dueAt).toBe(Date.parse('2026-11-27T09:00:00+07:00'))
  })

  it('routes to the facilitator with the lowest priority number for the kelurahan', async () => {
    const { t, cookie } = await operatorApp()
    await t.addUser('fasilitator', { kelurahan: [kelurahanB, kelurahanA] }) // priority 1 for A
    const first = await t.addUser('fasilitator', { kelurahan: [kelurahanA] }) // priority 0 for A
    expect((await fileCase(t, cookie)).assignedTo).toBe(first.id)
  })

  it('skips inactive facilitators and users of other roles when routing', async () => {
    const { t, cookie } = await operatorApp()
    await t.addUser('fasilitator', { kelurahan: [kelurahanA], active: false })
    await t.addUser('supervisor', { kelurahan: [kelurahanA] })
    const active = await t.addUser('fasilitator', { kelurahan: [kelurahanB, kelurahanA] })
    expect(await fileCase(t, cookie)).toMatchObject({ status: 'ditugaskan', assignedTo: active.id })
  })

  it('leaves the case as baru when the only facilitator is inactive', async () => {
    const { t, cookie } = await operatorApp()
    await t.addUser('fasilitator', { kelurahan: [kelurahanA], active: false })
    expect(await fileCase(t, cookie)).toMatchObject({ status: 'baru', assignedTo: null })
  })

  it('normalises the NIK to 16 digits and the phone to +62', async () => {
    const { t, cookie } = await operatorApp()
    const kase = await fileCase(t, cookie, { person_nik: ' 6171-0115-0890-0002 ', reporter_phone: '+62 (0)812-3456-7890' })
    expect(kase).toMatchObject({ personNik: '6171011508900002', reporterPhone: '+6281234567890' })
  })

  it('shows HTML and script typed into the report as text', async () => {
    const { t, cookie } = await operatorApp()
    const kase = await fileCase(t, cookie, { person_name: '<script>alert(1)</script>', description: '<img src=x onerror=alert(2)> & "kutip"' })
    expect(kase.personName).toBe('<script>alert(1)</script>')
    for (const path of [`/cases/${kase.id}`, '/cases']) {
      const html = await (await t.request(path, { cookie })).text()
      expect(html, path).not.toContain('<script>alert(1)')
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(html, path).not.toContain('<img src=x')
    }
    const page = await (await t.request(`/cases/${kase.id}`, { cookie })).text()
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt; &amp; &quot;kutip&quot;')
  })

  it('ignores fields a client adds to set status, assignee or id', async () => {
    const { t, cookie } = await operatorApp()
    const someone = await t.addUser('supervisor')
    const kase = await fileCase(t, cookie, {
      kelurahan: kelurahanB,
      status: 'selesai',
      assigned_to: String(someone.id),
      assignedTo: String(someone.id),
      id: '999',
      ticket: 'PALSU',
      due_at: '0',
      received_at: '0',
      created_by: String(someone.id),
    })
    expect(kase).toMatchObject({ status: 'baru', assignedTo: null, ticket: '2611-0001', createdBy: expect.any(Number) })
    expect(kase.id).not.toBe(999)
    expect(kase.createdBy).not.toBe(someone.id)
    expect(kase.dueAt).toBe(kase.receivedAt + 24 * 3600_000)
  })
})

describe('intake form with bad input', () => {
  const typed = () =>
    validReport({
      reporter_name: 'Budi "Bob" <Santoso>',
      reporter_phone: '0812 3456 7890',
      reporter_relation: 'keluarga',
      channel: 'whatsapp',
      person_name: 'Nenek & Kakek',
      person_nik: '6171011508900002',
      person_age: '71',
      person_features: 'Rambut putih <panjang>, "tongkat" & sandal',
      person_age_group: 'lansia',
      person_sex: 'P',
      address: "Gg. Haji 'Abdullah' No. 7",
      rt: '3',
      rw: '12',
      landmark: 'dekat masjid <Al-Falah>',
      urgency: 'darurat',
      description: 'Baris satu\nBaris dua & tiga',
      dtks_status: 'terdaftar',
    })

  const cases422: [string, Record<string, string>, string, string][] = [
    ['a NIK of the wrong length', { person_nik: '61710115089' }, 'person_nik', 'NIK harus 16 angka.'],
    ['a NIK with an impossible birth date', { person_nik: '6171013302900002' }, 'person_nik', 'Tanggal lahir pada NIK tidak valid.'],
    ['a phone number that is too short', { reporter_phone: '0812 34' }, 'reporter_phone', 'Nomor telepon terlalu pendek.'],
    ['a foreign phone number', { reporter_phone: '+65 9123 4567' }, 'reporter_phone', 'Hanya nomor Indonesia (+62) yang diterima.'],
    ['a missing reporter name', { reporter_name: '   ' }, 'reporter_name', 'Nama pelapor wajib diisi.'],
    ['a missing description', { description: '' }, 'description', 'Uraikan apa yang terjadi.'],
    ['a person name that is too long', { person_name: 'x'.repeat(201) }, 'person_name', 'Terlalu panjang (paling banyak 200 karakter).'],
    ['a description that is too long', { description: 'y'.repeat(4001) }, 'description', 'Terlalu panjang (paling banyak 4000 karakter).'],
    ['an unknown kelurahan', { kelurahan: '61.71.99.9999' }, 'kelurahan', 'Pilih kelurahan dari daftar.'],
    ['an unknown category', { category: '99999' }, 'category', 'Pilih kategori.'],
  ]

  for (const [what, change, field, message] of cases422) {
    it(`answers 422 for ${what}, with the message beside the field and every typed value kept`, async () => {
      const { t, cookie } = await operatorApp()
      const form: Record<string, string> = { ...typed(), category: String(await categoryId(t.db, 'odgj')), ...change }
      const res = await t.request('/intake', { cookie, form })
      expect(res.status).toBe(422)
      const html = await res.text()
      expect(fieldError(html, field)).toBe(message)
      expect(html).toMatch(new RegExp(`id="f-${field}" name="${field}" aria-invalid="true" aria-describedby="[^"]*e-${field}`))
      for (const name of intakeFields) {
        // A select cannot show a value that is not one of its options.
        if ((name === 'kelurahan' || name === 'category') && name === field) continue
        expect(controlValue(html, name), name).toBe(form[name])
      }
      expect(await t.db.select().from(cases)).toEqual([])
    })
  }

  it('requires a phone number for a report taken by phone but not for a walk-in', async () => {
    const { t, cookie } = await operatorApp()
    const category = String(await categoryId(t.db, 'odgj'))
    const byPhone = await t.request('/intake', { cookie, form: validReport({ category, reporter_phone: '', channel: 'telepon' }) })
    expect(byPhone.status).toBe(422)
    expect(fieldError(await byPhone.text(), 'reporter_phone')).toMatch(/wajib diisi/)
    const walkIn = await t.request('/intake', { cookie, form: validReport({ category, reporter_phone: '', channel: 'datang' }) })
    expect(walkIn.status).toBe(303)
  })

  it('gives a forged form key a fresh one so the corrected form can be sent', async () => {
    const { t, cookie } = await operatorApp()
    const res = await t.request('/intake', { cookie, form: validReport({ idem: 'short', category: String(await categoryId(t.db, 'odgj')) }) })
    expect(res.status).toBe(422)
    expect(controlValue(await res.text(), 'idem')).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('escapes typed HTML when the form is shown again', async () => {
    const { t, cookie } = await operatorApp()
    const res = await t.request('/intake', { cookie, form: validReport({ reporter_name: '"><script>alert(1)</script>', description: '</textarea><script>alert(2)</script>' }) })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</textarea>')
  })
})

describe('double submit', () => {
  it('creates one case when the same form is sent twice in a row, and both answers lead to it', async () => {
    const { t, cookie } = await operatorApp()
    const form = validReport({ category: String(await categoryId(t.db, 'odgj')) })
    const first = await t.request('/intake', { cookie, form })
    const second = await t.request('/intake', { cookie, form })
    expect([first.status, second.status]).toEqual([303, 303])
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'))
    const [{ n }] = await t.db.select({ n: count() }).from(cases)
    expect(n).toBe(1)
    const [{ n: events }] = await t.db.select({ n: count() }).from(caseEvents)
    expect(events).toBe(1)
    // The repeat did not use up a ticket number.
    expect(await t.db.select().from(counters)).toMatchObject([{ value: 1 }])
  })

  it('creates one case when the same form is sent twice at once', async () => {
    const { t, cookie } = await operatorApp()
    const form = validReport({ category: String(await categoryId(t.db, 'odgj')) })
    const answers = await Promise.all([t.request('/intake', { cookie, form }), t.request('/intake', { cookie, form }), t.request('/intake', { cookie, form })])
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303])
    const [kase, ...others] = await t.db.select().from(cases)
    expect(others).toEqual([])
    for (const res of answers) expect(res.headers.get('Location')).toBe(`/cases/${kase!.id}?baru=1`)
    const [{ n: events }] = await t.db.select({ n: count() }).from(caseEvents)
    expect(events).toBe(1)
  })

  it('numbers different reports sent at the same moment without gaps or repeats', async () => {
    const { t, cookie } = await operatorApp()
    const category = String(await categoryId(t.db, 'odgj'))
    const answers = await Promise.all(Array.from({ length: 5 }, () => t.request('/intake', { cookie, form: validReport({ category }) })))
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303, 303, 303])
    const tickets = (await t.db.select({ ticket: cases.ticket }).from(cases)).map((r) => r.ticket).sort()
    expect(tickets).toEqual(['2611-0001', '2611-0002', '2611-0003', '2611-0004', '2611-0005'])
  })

  it('creates two cases from two different forms', async () => {
    const { t, cookie } = await operatorApp()
    const a = await fileCase(t, cookie)
    const b = await fileCase(t, cookie)
    expect(a.id).not.toBe(b.id)
    expect([a.ticket, b.ticket]).toEqual(['2611-0001', '2611-0002'])
  })
})

describe('intake access', () => {
  it('sends an anonymous visitor to sign in', async () => {
    const t = await createTestApp()
    const res = await t.request('/intake')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/login?next=%2Fintake')
  })

  it('refuses an anonymous report and stores nothing', async () => {
    const t = await createTestApp()
    const res = await t.request('/intake', { form: validReport({ category: String(await categoryId(t.db, 'odgj')) }) })
    expect(res.status).toBe(401)
    expect(await t.db.select().from(cases)).toEqual([])
  })

  for (const role of ['fasilitator', 'kepala'] as const) {
    it(`forbids the intake form to a ${role}`, async () => {
      const t = await createTestApp()
      const cookie = await t.cookieFor(await t.addUser(role, { kelurahan: [kelurahanA] }))
      expect((await t.request('/intake', { cookie })).status).toBe(403)
      const post = await t.request('/intake', { cookie, form: validReport({ category: String(await categoryId(t.db, 'odgj')) }) })
      expect(post.status).toBe(403)
      expect(await t.db.select().from(cases)).toEqual([])
    })
  }

  for (const role of ['operator', 'supervisor', 'admin'] as const) {
    it(`opens the intake form to a ${role}`, async () => {
      const t = await createTestApp()
      const cookie = await t.cookieFor(await t.addUser(role))
      expect((await t.request('/intake', { cookie })).status).toBe(200)
    })
  }
})

describe('kelurahan filter partial', () => {
  it('returns only the matching options', async () => {
    const { t, cookie } = await operatorApp()
    const res = await t.request('/intake/kelurahan?kelurahan_q=darat', { cookie, headers: partial })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(/^(<option value="[^"]*"( selected="")?>[^<]*<\/option>)+$/)
    expect(html).toContain(`<option value="${kelurahanA}">Benuamelayu Darat (Kec. Pontianak Selatan)</option>`)
    expect(html).toContain('Bansir Darat')
    expect(html).not.toContain('Saigon')
    expect(res.headers.get('Vary')).toContain('HX-Request-Type')
  })

  it('matches the kecamatan name too and keeps the chosen kelurahan selected', async () => {
    const { t, cookie } = await operatorApp()
    const res = await t.request(`/intake/kelurahan?kelurahan_q=SELATAN&kelurahan=${kelurahanA}`, { cookie, headers: partial })
    const html = await res.text()
    const options = [...html.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])
    // The placeholder, Pontianak Selatan's five, then "belum diketahui" (always offered, last).
    expect(options.at(-1)).toBe('61.71.00.0000')
    expect(options.slice(1, -1).every((code) => code!.startsWith('61.71.01.'))).toBe(true)
    expect(options).toHaveLength(1 + 5 + 1)
    expect(html).toContain(`<option value="${kelurahanA}" selected="">`)
  })
})

describe('duplicate check partial', () => {
  const nikOpen = '6171011508900002'
  const nikOld = '6171015508900001'
  const phoneOpen = '0812 1111 2222'
  const phoneClosed = '0813 3333 4444'

  async function setup() {
    const { t, operator } = await operatorApp('2026-11-24T09:00:00+07:00')
    // Each step signs in afresh: the moving clock would otherwise end the session.
    const at = async (iso: string) => {
      t.clock.set(iso)
      return t.cookieFor(operator)
    }
    await fileCase(t, await at('2026-10-15T09:00:00+07:00'), { person_nik: nikOld, reporter_phone: '0811 0000 0001' }) // 40 days ago
    const open = await fileCase(t, await at('2026-11-14T09:00:00+07:00'), { person_nik: nikOpen, reporter_phone: phoneOpen }) // 10 days ago
    const closed = await fileCase(t, await at('2026-11-19T09:00:00+07:00'), { reporter_phone: phoneClosed })
    await t.db.update(cases).set({ status: 'ditutup' }).where(eq(cases.id, closed.id))
    const cookie = await at('2026-11-24T09:00:00+07:00')
    const check = async (form: Record<string, string>) => {
      const res = await t.request('/intake/duplicates', { cookie, form, headers: partial })
      expect(res.status).toBe(200)
      return res.text()
    }
    return { check, open }
  }

  it('warns about an open case with the same NIK from the last 30 days', async () => {
    const { check, open } = await setup()
    const html = await check({ person_nik: '6171 0115 0890 0002', reporter_phone: '' })
    expect(html).toContain('Mungkin sudah dilaporkan')
    expect(html).toContain(`<a href="/cases/${open.id}">${open.ticket}</a>`)
    expect(html).not.toContain('<html')
  })

  it('warns about an open case with the same reporter phone, however it is written', async () => {
    const { check, open } = await setup()
    const html = await check({ person_nik: '', reporter_phone: '+62 812-1111-2222' })
    expect(html).toContain(open.ticket)
  })

  it('stays silent for a case older than 30 days, a closed case, or an unknown number', async () => {
    const { check } = await setup()
    expect(await check({ person_nik: nikOld, reporter_phone: '' })).toBe('')
    expect(await check({ person_nik: '', reporter_phone: phoneClosed })).toBe('')
    expect(await check({ person_nik: '6171011508900009', reporter_phone: '0857 1234 5678' })).toBe('')
    expect(await check({ person_nik: 'bukan nik', reporter_phone: 'bukan hp' })).toBe('')
  })
})

describe('a category’s own fields in the intake form (issue 17)', () => {
  const ambulanceReport = async (t: Awaited<ReturnType<typeof operatorApp>>['t'], extra: Record<string, string> = {}) =>
    validReport({ category: String(await categoryId(t.db, 'ambulans')), person_name: 'Pak Darman', ...extra })

  it('swaps in the chosen category’s fields, without the patient’s name the form already asks, keeping what was typed', async () => {
    const { t, cookie } = await operatorApp()
    const res = await t.request('/intake/service-fields', { cookie, headers: partial, form: { ...(await ambulanceReport(t)), x_tujuan: 'RSUD Soedarso' } })
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toContain('<html')
    expect(html).toContain('Tujuan (RS / rumah duka)')
    expect(controlValue(html, 'x_tujuan')).toBe('RSUD Soedarso')
    expect(html).toContain('name="service_fields_for"')
    expect(html).not.toContain('name="x_pasien"')
    const none = await t.request('/intake/service-fields', { cookie, headers: partial, form: { category: String(await categoryId(t.db, 'lansia-terlantar')) } })
    expect(await none.text()).not.toContain('Rincian layanan')
    // The intake page itself names where the fields go and asks for them on a category change.
    const form = await (await t.request('/intake', { cookie })).text()
    expect(form).toContain('hx-post="/intake/service-fields"')
    expect(form).toContain('id="service-fields"')
  })

  it('without JavaScript shows the fields as a second step before saving, keeping everything typed, then saves them with the case in one write', async () => {
    const { t, cookie } = await operatorApp()
    const report = await ambulanceReport(t)
    const first = await t.request('/intake', { cookie, form: report })
    expect(first.status).toBe(200)
    const step = await first.text()
    expect(step).toContain('Laporan belum disimpan: kategori ini punya rincian layanan.')
    expect(controlValue(step, 'person_name')).toBe('Pak Darman')
    expect(controlValue(step, 'address')).toBe(report.address)
    expect(controlValue(step, 'idem')).toBe(report.idem)
    expect(step).toContain('Tujuan (RS / rumah duka)')
    expect(step).not.toContain('Nama pasien')
    expect(await t.db.select({ n: count() }).from(cases)).toEqual([{ n: 0 }])

    const bad = await t.request('/intake', { cookie, form: { ...report, service_fields_for: report.category!, x_kontak: 'bukan nomor', x_tujuan: 'RSUD Soedarso' } })
    expect(bad.status).toBe(422)
    const again = await bad.text()
    expect(fieldError(again, 'x_kontak')).toContain('nomor telepon tidak valid')
    expect(controlValue(again, 'x_tujuan')).toBe('RSUD Soedarso')

    const saved = await t.request('/intake', { cookie, form: { ...report, service_fields_for: report.category!, x_jenis: 'Pasien', x_tujuan: 'RSUD Soedarso', x_kontak: '' } })
    expect(saved.status).toBe(303)
    const [kase] = await t.db.select().from(cases)
    const [details] = await t.db.select().from(caseServiceDetails).where(eq(caseServiceDetails.caseId, kase!.id))
    expect(JSON.parse(details!.values)).toEqual({ pasien: 'Pak Darman', jenis: 'Pasien', tujuan: 'RSUD Soedarso' })
    // The case page shows them at once; nothing is asked a second time.
    const page = await (await t.request(`/cases/${kase!.id}`, { cookie })).text()
    expect(page).toContain('RSUD Soedarso')
    expect(page).toContain('Ubah rincian layanan')
  })

  it('saves an ambulance request on a name and an address: no service field is required while the caller is on the line', async () => {
    const { t, cookie } = await operatorApp()
    const report = await ambulanceReport(t)
    const res = await t.request('/intake', { cookie, form: { ...report, service_fields_for: report.category! } })
    expect(res.status).toBe(303)
    const [kase] = await t.db.select().from(cases)
    const [details] = await t.db.select().from(caseServiceDetails).where(eq(caseServiceDetails.caseId, kase!.id))
    expect(JSON.parse(details!.values)).toEqual({ pasien: 'Pak Darman' })
  })
})
