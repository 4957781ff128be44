import { describe, expect, it } from 'vitest'
import { ladderRowsOf, parseCategoryForm, parseHoliday, parseLadderForm, parseProfileForm, parseUserForm, readOfficeHours } from '../../worker/domain/admin-forms'
import { defaultLadder } from '../../worker/domain/escalation'
import { typedValues } from '../../worker/domain/form'
import { defaultOfficeHours } from '../../worker/domain/sla'

type Body = Record<string, string | string[]>

describe('the user form', () => {
  const ctx = { roles: ['operator', 'fasilitator', 'supervisor'], kelurahanCodes: new Set(['61.71.01.1001', '61.71.01.1002']) }

  it('gives the clean user: username in lower case, phone as +62, each kelurahan once', () => {
    const body: Body = { username: ' Budi.S ', display_name: 'Budi Santoso', role: 'fasilitator', phone: '0812 3456 7890', email: '', kelurahan: ['61.71.01.1001', '61.71.01.1001', '61.71.01.1002'] }
    expect(parseUserForm(body, ctx)).toMatchObject({
      ok: true,
      value: { username: 'budi.s', displayName: 'Budi Santoso', role: 'fasilitator', phone: '+6281234567890', email: null, kelurahan: ['61.71.01.1001', '61.71.01.1002'] },
    })
  })

  it('keeps the username fixed when editing, whatever the form says', () => {
    expect(parseUserForm({ username: 'other', display_name: 'Budi', role: 'operator' }, { ...ctx, usernameFixed: 'budi.s' })).toMatchObject({ ok: true, value: { username: 'budi.s' } })
  })

  it('says what is wrong beside each field and gives the typed values back', () => {
    const body: Body = { username: 'Bu', display_name: '', role: 'walikota', phone: '12', email: 'budi@', kelurahan: 'xx' }
    expect(parseUserForm(body, ctx)).toMatchObject({
      ok: false,
      values: { username: 'bu', display_name: '', role: 'walikota', phone: '12', email: 'budi@' },
      errors: {
        username: 'Nama pengguna 3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.',
        display_name: 'Nama wajib diisi.',
        role: 'Pilih peran.',
        phone: 'Nomor telepon harus diawali 0, 62, atau +62.',
        email: 'Alamat email tidak valid.',
        kelurahan: 'Pilih kelurahan dari daftar.',
      },
      kelurahan: ['xx'],
    })
  })

  it('asks a facilitator for at least one kelurahan, and nobody else', () => {
    expect(parseUserForm({ username: 'fas1', display_name: 'Fas', role: 'fasilitator' }, ctx)).toMatchObject({ ok: false, errors: { kelurahan: 'Fasilitator harus punya paling sedikit satu kelurahan.' } })
    expect(parseUserForm({ username: 'op1', display_name: 'Op', role: 'operator' }, ctx)).toMatchObject({ ok: true, value: { kelurahan: [] } })
  })
})

describe('the category form', () => {
  const valid: Body = { code: 'Lansia-X', name: 'Lansia terlantar', group_name: '', target_hours: '24', clock: 'working', default_urgency: 'segera', sort: '', active: '1' }

  it('gives the clean category', () => {
    expect(parseCategoryForm(valid)).toEqual({
      ok: true,
      value: { code: 'lansia-x', name: 'Lansia terlantar', groupName: null, targetHours: 24, clock: 'working', defaultUrgency: 'segera', sort: 0, active: true },
    })
    expect(parseCategoryForm({ ...valid, active: 'yes' })).toMatchObject({ ok: true, value: { active: false } })
  })

  it('holds the target to whole hours within a year', () => {
    const message = 'Target berupa jumlah jam, 1 sampai 8760.'
    for (const hours of ['0', '8761', '1.5', '-3', '']) expect(parseCategoryForm({ ...valid, target_hours: hours }), hours).toMatchObject({ ok: false, errors: { target_hours: message } })
    expect(parseCategoryForm({ ...valid, target_hours: '8760' })).toMatchObject({ ok: true, value: { targetHours: 8760 } })
  })

  it('says what is wrong beside each field and gives the typed values back', () => {
    const body: Body = { code: 'x', name: 'N'.repeat(101), group_name: 'JPS\u202eSosial', target_hours: '24', clock: 'bulan', default_urgency: 'kapan-kapan', sort: 'awal' }
    expect(parseCategoryForm(body)).toMatchObject({
      ok: false,
      values: { code: 'x', name: 'N'.repeat(101), clock: 'bulan', sort: 'awal', active: '' },
      errors: {
        code: 'Kode 2–40 karakter: huruf kecil, angka atau tanda hubung.',
        name: 'Terlalu panjang (paling banyak 100 karakter).',
        group_name: 'Berisi karakter yang tidak diizinkan.',
        clock: 'Pilih jam kalender atau jam kerja.',
        default_urgency: 'Pilih urgensi bawaan.',
        sort: 'Urutan berupa angka.',
      },
    })
  })
})

describe('the agency profile form', () => {
  const week = (overrides: Body = {}): Body => ({
    ...Object.fromEntries([1, 2, 3, 4, 5].flatMap((d) => [[`open_${d}`, '1'], [`start_${d}`, '07:30'], [`end_${d}`, '16:00']])),
    ...overrides,
  })
  const valid = (overrides: Body = {}): Body => ({ name: 'Dinas Sosial Kota Pontianak', hotline: '(0561) 123-456', zone: 'Asia/Pontianak', letterhead_agency: 'DINAS SOSIAL', ...week(overrides) })

  it('gives the profile with the days the office is closed as null', () => {
    const parsed = parseProfileForm(valid({ open_6: '1', start_6: '08:00', end_6: '24:00' }))
    expect(parsed).toMatchObject({ ok: true, value: { name: 'Dinas Sosial Kota Pontianak', hotline: '(0561) 123-456', zone: 'Asia/Pontianak', letterhead: { government: '', agency: 'DINAS SOSIAL' } } })
    expect(parsed.ok && parsed.value.officeHours).toEqual({ 1: { start: '07:30', end: '16:00' }, 2: { start: '07:30', end: '16:00' }, 3: { start: '07:30', end: '16:00' }, 4: { start: '07:30', end: '16:00' }, 5: { start: '07:30', end: '16:00' }, 6: { start: '08:00', end: '24:00' }, 7: null })
  })

  it('says what is wrong beside each field, naming the day whose hours do not fit', () => {
    expect(parseProfileForm({ ...valid({ end_1: '07:00', start_3: '7.30' }), name: '', hotline: 'tanya pak RT', zone: 'Europe/London' })).toMatchObject({
      ok: false,
      values: { name: '', hotline: 'tanya pak RT', zone: 'Europe/London', end_1: '07:00', start_3: '7.30', open_7: '' },
      errors: {
        name: 'Nama instansi wajib diisi.',
        hotline: 'Nomor layanan hanya angka, spasi, +, -, ( ).',
        zone: 'Pilih zona waktu.',
        hours_1: 'Jam Senin: isi jam buka dan tutup (JJ:MM), tutup setelah buka.',
        hours_3: 'Jam Rabu: isi jam buka dan tutup (JJ:MM), tutup setelah buka.',
      },
    })
  })

  it('reads stored office hours, falling back when they are missing or unreadable', () => {
    expect(readOfficeHours(undefined, defaultOfficeHours)).toBe(defaultOfficeHours)
    expect(readOfficeHours('{not json', defaultOfficeHours)).toBe(defaultOfficeHours)
    expect(readOfficeHours(JSON.stringify({ 1: { start: '08:00', end: '12:00' }, 2: { start: 8 } }), defaultOfficeHours)).toEqual({ 1: { start: '08:00', end: '12:00' }, 2: null, 3: null, 4: null, 5: null, 6: null, 7: null })
  })
})

describe('the holiday form', () => {
  it('takes a real date and a name', () => {
    expect(parseHoliday({ date: '2026-08-17', name: 'Hari Kemerdekaan' })).toEqual({ ok: true, value: { date: '2026-08-17', name: 'Hari Kemerdekaan' } })
    expect(parseHoliday({ date: '2026-02-30', name: '' })).toEqual({ ok: false, values: { date: '2026-02-30', name: '' }, errors: { date: 'Pilih tanggal.', name: 'Nama hari libur wajib diisi.' } })
  })
})

describe('the escalation ladder form', () => {
  const ctx = { roles: ['supervisor', 'kepala', 'asisten', 'walikota'], userIds: new Set([7]) }
  /** The form as the page posts it for `rows`, with the empty spare row the page adds at the end. */
  function form(rows: ReturnType<typeof ladderRowsOf>): Body {
    const body: Body = { count: String(rows.length + 1), [`rung_${rows.length}`]: String(rows.length) }
    rows.forEach((r, i) => {
      Object.assign(body, { [`rung_${i}`]: r.rung, [`label_${i}`]: r.label, [`after_hours_${i}`]: r.afterHours, [`target_percent_${i}`]: r.targetPercent, [`roles_${i}`]: r.roles, [`users_${i}`]: r.userIds })
      if (r.notifyAssignee) body[`assignee_${i}`] = '1'
    })
    return body
  }
  const rows = ladderRowsOf(defaultLadder)

  it('reads back the ladder it shows, leaving out the spare row', () => {
    expect(parseLadderForm(form(rows), ctx)).toEqual({ ok: true, value: defaultLadder, rows })
  })

  it('drops a removed row and takes a ladder without a reminder', () => {
    const body: Body = { ...form(rows), remove_0: '1' }
    for (let i = 1; i < rows.length; i++) body[`rung_${i}`] = String(i)
    const parsed = parseLadderForm(body, ctx)
    expect(parsed).toMatchObject({ ok: true })
    expect(parsed.ok && parsed.value.map((r) => r.rung)).toEqual([1, 2, 3, 4])
  })

  it('puts the ladder rule’s messages beside the rows that break it and gives the rows back as typed', () => {
    const broken = [
      rows[0]!,
      { ...rows[1]!, rung: '2' },
      { ...rows[2]!, rung: '3', afterHours: '0' },
      { ...rows[3]!, rung: '4', roles: [], notifyAssignee: false },
    ]
    expect(parseLadderForm(form(broken), ctx)).toEqual({
      ok: false,
      rows: broken,
      values: typedValues(form(broken)),
      errors: {
        row_1: 'Anak tangga tidak berurutan: setelah anak tangga 0 harus 1.',
        row_2: 'Anak tangga harus datang setelah yang sebelumnya: isi jam lebih dari 0.',
        row_3: 'Pilih siapa yang diberi tahu pada anak tangga ini.',
      },
    })
  })

  it('checks what was typed into each row before how the rows fit', () => {
    const typed = [
      { ...rows[0]!, targetPercent: '100' },
      { ...rows[1]!, label: '' },
      { ...rows[2]!, afterHours: 'satu hari' },
      { ...rows[3]!, roles: ['lurah'], userIds: ['7', '99'] },
      { ...rows[4]!, rung: 'empat' },
    ]
    expect(parseLadderForm(form(typed), ctx)).toMatchObject({
      ok: false,
      errors: {
        row_0: 'Pengingat: persen dari target, 1 sampai 99.',
        row_1: 'Nama anak tangga wajib diisi (paling banyak 100 karakter).',
        row_2: 'Jam setelah anak tangga sebelumnya berupa angka, 0 sampai 9999.',
        row_3: 'Pilih peran dan pengguna dari daftar.',
        row_4: 'Nomor anak tangga berupa angka.',
      },
    })
  })

  it('refuses a ladder with no rows', () => {
    expect(parseLadderForm({ count: '1', rung_0: '0' }, ctx)).toEqual({ ok: false, rows: [], values: { count: '1', rung_0: '0' }, errors: { ladder: 'Tangga eskalasi paling sedikit satu anak tangga.' } })
  })
})
