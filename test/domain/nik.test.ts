import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { checkNik } from '../../worker/domain/nik'

// Province codes as in idn-area-data (2024 list, incl. the new Papua provinces).
const provinceCodes = new Set(
  '11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76 81 82 91 92 93 94 95 96'.split(' '),
)
// 25 Nov 2026 12:00 in Jakarta.
const now = Date.UTC(2026, 10, 25, 5, 0)
const ctx = { provinceCodes, now }

const check = (raw: string) => checkNik(raw, ctx)
const message = (raw: string) => {
  const r = check(raw)
  return r.ok ? null : r.message
}

describe('checkNik accepts valid NIKs', () => {
  it('accepts a man’s NIK and reads birth date and sex from it', () => {
    expect(check('6171011508900002')).toEqual({ ok: true, nik: '6171011508900002', birthDate: '1990-08-15', sex: 'L' })
  })

  it('reads a day above 40 as a woman born on day minus 40', () => {
    expect(check('6171015508900001')).toEqual({ ok: true, nik: '6171015508900001', birthDate: '1990-08-15', sex: 'P' })
  })

  it('accepts day 71, a woman born on the 31st', () => {
    expect(check('6171017101850001')).toMatchObject({ ok: true, birthDate: '1985-01-31', sex: 'P' })
  })

  it('accepts hyphens as separators (corpus 3273-0560-1090-0009)', () => {
    expect(check('3273-0560-1090-0009')).toEqual({ ok: true, nik: '3273056010900009', birthDate: '1990-10-20', sex: 'P' })
  })

  it('accepts spaces and dots as separators', () => {
    expect(check('3273 0560 1090 0009')).toMatchObject({ ok: true, nik: '3273056010900009' })
    expect(check('32.73.05.601090.0009')).toMatchObject({ ok: true, nik: '3273056010900009' })
  })

  it('trims leading and trailing whitespace', () => {
    expect(check('  \t6171011508900002 \n')).toMatchObject({ ok: true, nik: '6171011508900002' })
  })

  it('normalises fullwidth digits to ASCII digits', () => {
    expect(check('６１７１０１１５０８９００００２')).toMatchObject({ ok: true, nik: '6171011508900002' })
  })

  it('normalises a non-breaking space used as separator', () => {
    expect(check('6171\u00a0011508900002')).toMatchObject({ ok: true, nik: '6171011508900002' })
  })

  it('drops a byte-order mark at the start and keeps only ASCII digits', () => {
    expect(check('\uFEFF6171011508900002')).toMatchObject({ ok: true, nik: '6171011508900002' })
  })
})

describe('checkNik picks the century of the two-digit year', () => {
  it('uses the 2000s when that birth date has already happened', () => {
    expect(check('6171011503100001')).toMatchObject({ ok: true, birthDate: '2010-03-15' })
  })

  it('uses the 1900s when the 2000s date would be in the future', () => {
    expect(check('6171010112260001')).toMatchObject({ ok: true, birthDate: '1926-12-01' })
  })

  it('accepts a baby born today', () => {
    expect(check('6171012511260001')).toMatchObject({ ok: true, birthDate: '2026-11-25' })
  })

  it('uses the Jakarta calendar date: at 01:00 WIB the new day already counts', () => {
    const lateUtc = Date.UTC(2026, 10, 25, 18, 0) // 26 Nov 01:00 WIB
    expect(checkNik('6171012611260001', { provinceCodes, now: lateUtc })).toMatchObject({ ok: true, birthDate: '2026-11-26' })
    expect(checkNik('6171012611260001', { provinceCodes, now: Date.UTC(2026, 10, 25, 16, 59) })).toMatchObject({
      ok: true,
      birthDate: '1926-11-26',
    })
  })

  it('accepts 29 February 2000 (a leap year)', () => {
    expect(check('6171012902000001')).toMatchObject({ ok: true, birthDate: '2000-02-29' })
  })

  it('accepts 29 February 1996 for a woman', () => {
    expect(check('6171016902960001')).toMatchObject({ ok: true, birthDate: '1996-02-29', sex: 'P' })
  })
})

describe('checkNik rejects structural errors', () => {
  it.each([
    ['15 digits', '617101150890000'],
    ['17 digits', '61710115089000021'],
    ['empty', ''],
    ['whitespace only', '   '],
    ['separators only', '-- . --'],
  ])('rejects %s with "NIK harus 16 angka."', (_label, raw) => {
    expect(message(raw)).toBe('NIK harus 16 angka.')
  })

  it.each([
    ['letters (corpus 32730560109000AB)', '32730560109000AB'],
    ['zero-width space inside', '6171011508\u200B900002'],
    ['zero-width joiner inside', '6171011508\u200D900002'],
    ['zero-width non-joiner inside', '6171011508\u200C900002'],
    ['zero-width space at the end', '6171011508900002\u200B'],
    ['right-to-left override', '\u202E6171011508900002'],
    ['left-to-right mark', '6171\u200E011508900002'],
    ['Arabic-Indic digits', '٦١٧١٠١١٥٠٨٩٠٠٠٠٢'],
    ['NUL byte inside', '61710115\u000008900002'],
    ['newline inside', '61710115\n08900002'],
    ['ANSI escape', '\u001b[31m6171011508900002'],
    ['lone surrogate', '6171011508900002\uD800'],
    ['slashes', '6171/0115/0890/0002'],
    ['a plus sign', '+6171011508900002'],
    ['Cyrillic letter О for zero', '6171О11508900002'],
  ])('rejects %s as non-digits', (_label, raw) => {
    expect(message(raw)).toBe('NIK hanya boleh berisi angka.')
  })

  it('rejects all zeros', () => {
    expect(message('0000000000000000')).toBe('NIK tidak valid.')
  })

  it.each(['00', '99', '10', '20', '41'])('rejects unknown province code %s', (province) => {
    expect(message(`${province}71011508900002`)).toBe('Kode provinsi NIK tidak dikenal.')
  })

  it('rejects regency code 00', () => {
    expect(message('6100011508900002')).toBe('Kode kabupaten/kota pada NIK tidak valid.')
  })

  it('rejects district code 00', () => {
    expect(message('6171001508900002')).toBe('Kode kecamatan pada NIK tidak valid.')
  })

  it.each(['00', '32', '35', '40', '72', '80', '99'])('rejects birth day %s', (dd) => {
    expect(message(`617101${dd}08900002`)).toBe('Tanggal lahir pada NIK tidak valid.')
  })

  it.each(['00', '13', '99'])('rejects birth month %s', (mm) => {
    expect(message(`61710115${mm}900002`)).toBe('Tanggal lahir pada NIK tidak valid.')
  })

  it.each([
    ['30 February', '3002'],
    ['31 April', '3104'],
    ['29 February in 2001', '2902'],
    ['women’s 30 February (70)', '7002'],
  ])('rejects the impossible date %s', (_label, ddmm) => {
    const yy = ddmm === '2902' ? '01' : '90'
    expect(message(`617101${ddmm}${yy}0001`)).toBe('Tanggal lahir pada NIK tidak valid.')
  })

  it('rejects serial 0000', () => {
    expect(message('6171011508900000')).toBe('Nomor urut pada NIK tidak boleh 0000.')
  })
})

/** A NIK that must pass: a known province, codes other than 00, a real past birth date, a serial from 0001. */
const validNik = fc
  .record({
    province: fc.constantFrom(...provinceCodes),
    regency: fc.integer({ min: 1, max: 99 }),
    district: fc.integer({ min: 1, max: 99 }),
    date: fc.date({ min: new Date(Date.UTC(1927, 0, 1)), max: new Date(Date.UTC(2026, 10, 24)), noInvalidDate: true }),
    female: fc.boolean(),
    serial: fc.integer({ min: 1, max: 9999 }),
  })
  .map(({ province, regency, district, date, female, serial }) => {
    const two = (n: number) => String(n).padStart(2, '0')
    return `${province}${two(regency)}${two(district)}${two(date.getUTCDate() + (female ? 40 : 0))}${two(date.getUTCMonth() + 1)}${two(date.getUTCFullYear() % 100)}${String(serial).padStart(4, '0')}`
  })

describe('checkNik on arbitrary input', () => {
  it('never throws, accepts every valid NIK however it is grouped, and only ever returns 16 ASCII digits', () => {
    let seen = 0
    let accepted = 0
    const grouped = fc.tuple(validNik, fc.constantFrom('', ' ', '.', '-')).map(([nik, sep]) => ({ raw: nik.match(/.{4}/g)!.join(sep), nik }))
    const junk = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[0-9 .-]{10,24}$/)).map((raw) => ({ raw, nik: null }))
    fc.assert(
      fc.property(fc.oneof({ arbitrary: grouped, weight: 2 }, { arbitrary: junk, weight: 3 }), ({ raw, nik }) => {
        const r = check(raw)
        seen++
        if (r.ok) accepted++
        if (nik !== null) expect(r).toMatchObject({ ok: true, nik })
        if (r.ok) expect(r.nik).toMatch(/^[0-9]{16}$/)
        else expect(r.message).toMatch(/NIK/)
      }),
    )
    // The valid side is really exercised: about two in five inputs are valid NIKs.
    expect(accepted / seen).toBeGreaterThan(0.25)
  })

  it('reads back the birth date and sex it was built from', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1927, 0, 1)), max: new Date(Date.UTC(2026, 10, 24)), noInvalidDate: true }),
        fc.boolean(),
        fc.integer({ min: 1, max: 9999 }),
        (date, female, serial) => {
          const d = date.getUTCDate() + (female ? 40 : 0)
          const mm = String(date.getUTCMonth() + 1).padStart(2, '0')
          const yy = String(date.getUTCFullYear() % 100).padStart(2, '0')
          const raw = `617101${String(d).padStart(2, '0')}${mm}${yy}${String(serial).padStart(4, '0')}`
          expect(check(raw)).toEqual({
            ok: true,
            nik: raw,
            birthDate: date.toISOString().slice(0, 10),
            sex: female ? 'P' : 'L',
          })
        },
      ),
    )
  })
})
