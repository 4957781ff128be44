import { describe, expect, it } from 'vitest'
import { decideCrewStep, nextCrewStep } from '../../worker/domain/dispatch'
import { defaultServiceFields, fieldsAtIntake, formatFieldLines, parseFieldLines, serviceValuesAtIntake, validateServiceValues } from '../../worker/domain/service-fields'
import { parseDischarge, parseLocalDateTime, parseOrigin, stayClock, toLocalDateTime } from '../../worker/domain/shelter'
import { defaultOfficeHours, type WorkCalendar } from '../../worker/domain/sla'

const zone = 'Asia/Pontianak'
const calendar: WorkCalendar = { zone, officeHours: defaultOfficeHours, holidays: new Set() }
const at = (iso: string) => Date.parse(iso)
const DAY = 86_400_000

describe('shelter stay limit', () => {
  const admittedAt = at('2026-11-01T10:00:00+07:00')

  it('counts calendar days from admission and is due after the limit', () => {
    const clock = stayClock({ admittedAt, dischargedAt: null }, 7, admittedAt + 3 * DAY + 3_600_000, calendar)
    expect(clock.days).toBe(3)
    expect(clock.dueAt).toBe(admittedAt + 7 * DAY)
    expect(clock.left.overdue).toBe(false)
  })

  it('shows a stay one minute past the limit as overdue', () => {
    const clock = stayClock({ admittedAt, dischargedAt: null }, 7, admittedAt + 7 * DAY + 60_000, calendar)
    expect(clock.left).toEqual({ overdue: true, minutes: 1 })
  })

  it('stops the clock at discharge', () => {
    const clock = stayClock({ admittedAt, dischargedAt: admittedAt + 2 * DAY }, 7, admittedAt + 30 * DAY, calendar)
    expect(clock.days).toBe(2)
    expect(clock.left.overdue).toBe(false)
  })
})

describe('local date-time fields', () => {
  it('reads the agency wall time and writes it back', () => {
    const ms = parseLocalDateTime('2026-11-24T09:30', zone)
    expect(ms).toBe(at('2026-11-24T09:30:00+07:00'))
    expect(toLocalDateTime(ms!, zone)).toBe('2026-11-24T09:30')
    expect(parseLocalDateTime('2026-02-30T09:30', zone)).toBeNull()
    expect(parseLocalDateTime('kemarin', zone)).toBeNull()
  })
})

describe('discharge', () => {
  const now = at('2026-11-24T12:00:00+07:00')
  const ctx = { admittedAt: at('2026-11-20T12:00:00+07:00'), zone, now }

  it('needs the receiver when the person goes back to the family (the hand-over)', () => {
    const parsed = parseDischarge({ reason: 'keluarga', discharged_at: '2026-11-24T11:00' }, ctx)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(Object.keys(parsed.errors).sort()).toEqual(['received_by', 'received_relation'])
  })

  it('refuses a discharge before the admission or in the future', () => {
    for (const when of ['2026-11-19T12:00', '2026-11-25T12:00']) {
      const parsed = parseDischarge({ reason: 'mandiri', discharged_at: when }, ctx)
      expect(parsed.ok).toBe(false)
    }
  })

  it('normalises the receiver phone', () => {
    const parsed = parseDischarge({ reason: 'keluarga', discharged_at: '2026-11-24T11:00', received_by: 'Siti', received_relation: 'anak', received_phone: '0812 3456 7890' }, ctx)
    expect(parsed.ok && parsed.value.receivedBy).toEqual({ name: 'Siti', relation: 'anak', phone: '+6281234567890' })
  })
})

describe('region of origin', () => {
  const ctx = { provinceCodes: new Set(['33', '61']), regencyOf: (code: string) => ({ '33.23': '33', '61.71': '61' })[code] }

  it('accepts a regency of the chosen province, in any province', () => {
    expect(parseOrigin({ province: '33', regency: '33.23', detail: 'Desa Kledung' }, ctx)).toEqual({ ok: true, value: { provinceCode: '33', regencyCode: '33.23', detail: 'Desa Kledung' } })
  })

  it('refuses a regency of another province', () => {
    const parsed = parseOrigin({ province: '33', regency: '61.71' }, ctx)
    expect(parsed.ok).toBe(false)
  })
})

describe('crew steps', () => {
  it('go dikirim → berangkat → tiba → selesai, in order and once', () => {
    expect(decideCrewStep('dikirim', 'depart')).toMatchObject({ ok: true, to: 'berangkat' })
    expect(decideCrewStep('berangkat', 'arrive')).toMatchObject({ ok: true, to: 'tiba' })
    expect(decideCrewStep('tiba', 'finish')).toMatchObject({ ok: true, to: 'selesai' })
    expect(decideCrewStep('dikirim', 'finish').ok).toBe(false)
    expect(decideCrewStep('selesai', 'finish').ok).toBe(false)
    expect(decideCrewStep('batal', 'depart').ok).toBe(false)
    expect(nextCrewStep('tiba')).toBe('finish')
    expect(nextCrewStep('selesai')).toBeNull()
  })
})

describe('per-category service fields', () => {
  it('round-trips the admin lines', () => {
    const fields = defaultServiceFields.ambulans!
    const parsed = parseFieldLines({ fields: formatFieldLines(fields) })
    expect(parsed).toEqual({ ok: true, value: fields })
  })

  it('names the line that is wrong', () => {
    expect(parseFieldLines({ fields: 'ok | Baik | teks\nBad Key | Label' })).toMatchObject({ ok: false, errors: { fields: expect.stringContaining('Baris 2') } })
    expect(parseFieldLines({ fields: 'p | Pilih | pilihan | wajib | satu' })).toMatchObject({ ok: false, errors: { fields: expect.stringContaining('dua pilihan') } })
  })

  it('validates values from the list: required, choices, dates', () => {
    const fields = defaultServiceFields['laras-rujukan-rs']!
    const bad = validateServiceValues(fields, { x_rs_asal: 'Puskesmas', x_surat_rujukan: 'Mungkin', x_jadwal: 'besok' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['x_jadwal', 'x_rs_tujuan', 'x_surat_rujukan'])
    const good = validateServiceValues(fields, { x_rs_asal: 'Puskesmas', x_rs_tujuan: 'RSJ Sambang Lihum', x_surat_rujukan: 'Ada', x_extra: 'ignored' })
    expect(good).toEqual({ ok: true, value: { rs_asal: 'Puskesmas', rs_tujuan: 'RSJ Sambang Lihum', surat_rujukan: 'Ada' } })
  })
})

describe('service fields at intake (issue 17)', () => {
  const ambulance = defaultServiceFields.ambulans!

  it('shows the category’s fields less the patient’s name, none of them required while the caller is on the line', () => {
    const shown = fieldsAtIntake(ambulance)
    expect(shown.map((x) => x.key)).toEqual(['jenis', 'tujuan', 'kontak'])
    expect(shown.every((x) => !x.required)).toBe(true)
  })

  it('takes the patient’s name from the person’s name and still checks what was typed', () => {
    expect(serviceValuesAtIntake(ambulance, { person_name: 'Pak Darman', x_pasien: 'ignored', x_tujuan: 'RSUD' })).toEqual({ ok: true, value: { pasien: 'Pak Darman', tujuan: 'RSUD' } })
    expect(serviceValuesAtIntake(ambulance, { person_name: 'Pak Darman', x_jenis: 'Mobil' })).toMatchObject({ ok: false, errors: { x_jenis: 'Pilih salah satu untuk Jenis.' } })
  })
})
