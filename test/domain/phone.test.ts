import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { lastFourDigits, normalizePhone, phoneForWhatsApp } from '../../worker/domain/phone'

const phoneOf = (raw: string) => {
  const r = normalizePhone(raw)
  return r.ok ? r.phone : null
}
const message = (raw: string) => {
  const r = normalizePhone(raw)
  return r.ok ? null : r.message
}

describe('normalizePhone accepts Indonesian numbers', () => {
  it.each([
    ['+62 812-3456-7890', '+6281234567890'],
    ['0812 3456 7890', '+6281234567890'],
    ['62812-3456-7890', '+6281234567890'],
    ['081234567890', '+6281234567890'],
    ['+6281234567890', '+6281234567890'],
    ['0812.3456.7890', '+6281234567890'],
    ['(0561) 123456', '+62561123456'],
    ['0561-123456', '+62561123456'],
    ['(021) 1234-5678', '+622112345678'],
    ['+62 (21) 1234 5678', '+622112345678'],
    ['  0812 3456 7890  ', '+6281234567890'],
  ])('normalises %s to %s', (raw, e164) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, phone: e164 })
  })

  it('drops the trunk 0 written after +62, as in "+62 (0)812…"', () => {
    expect(phoneOf('+62 (0)812-3456-7890')).toBe('+6281234567890')
    expect(phoneOf('+62 0812 3456 7890')).toBe('+6281234567890')
  })

  it('normalises fullwidth digits', () => {
    expect(phoneOf('０８１２３４５６７８９０')).toBe('+6281234567890')
  })

  it('accepts the shortest numbers: a 9-digit mobile and an 8-digit landline', () => {
    expect(phoneOf('0811234567')).toBe('+62811234567')
    expect(phoneOf('(0536) 12345')).toBe('+6253612345')
  })

  it('accepts the longest numbers: 12 digits after +62', () => {
    expect(phoneOf('0812 3456 78901')).toBe('+62812345678901')
  })
})

describe('normalizePhone rejects', () => {
  it.each(['', '   '])('an empty value %j', (raw) => {
    expect(message(raw)).toBe('Nomor telepon wajib diisi.')
  })

  it.each([
    ['letters', '0812-3456-ABCD'],
    ['an extension', '0561 123456 ext 12'],
    ['a zero-width space inside', '0812\u200B34567890'],
    ['a zero-width joiner inside', '0812\u200D34567890'],
    ['a right-to-left override', '\u202E081234567890'],
    ['Arabic-Indic digits', '٠٨١٢٣٤٥٦٧٨٩٠'],
    ['a NUL byte', '0812\u000034567890'],
    ['a newline inside', '0812\n34567890'],
    ['a slash', '0812/34567890'],
    ['a plus sign in the middle', '0812+34567890'],
    ['two plus signs', '++6281234567890'],
    ['a lone surrogate', '081234567890\uD800'],
  ])('%s', (_label, raw) => {
    expect(message(raw)).toBe('Nomor telepon hanya boleh berisi angka.')
  })

  it.each(['+60 12-345 6789', '+1 202 555 0100', '+44 20 7946 0958'])('other country codes such as %s', (raw) => {
    expect(message(raw)).toBe('Hanya nomor Indonesia (+62) yang diterima.')
  })

  it('a number without 0, 62 or +62 in front', () => {
    expect(message('812 3456 7890')).toBe('Nomor telepon harus diawali 0, 62, atau +62.')
  })

  it.each(['0012345678', '+62 1234 5678', '00812345678'])('a number starting with 0 or 1 after the trunk prefix: %s', (raw) => {
    expect(message(raw)).toBe('Nomor telepon tidak valid.')
  })

  it.each([
    ['a 7-digit landline', '(061) 12345'],
    ['an 8-digit mobile', '081234567'],
    ['a bare 0', '0'],
    ['a bare +62', '+62'],
  ])('too short: %s', (_label, raw) => {
    expect(message(raw)).toMatch(/terlalu pendek|tidak valid/)
  })

  it('too short numbers say so', () => {
    expect(message('081234567')).toBe('Nomor telepon terlalu pendek.')
  })

  it('more than 12 digits after +62', () => {
    expect(message('0812 3456 789012')).toBe('Nomor telepon terlalu panjang.')
    expect(message('+62 812 3456 789012')).toBe('Nomor telepon terlalu panjang.')
  })

  it('never throws, accepts every valid number however it is written, and only ever returns +62 followed by 8–12 digits', () => {
    let seen = 0
    let accepted = 0
    // National significant numbers: mobile 8[1-35-9] and 9–12 digits, fixed lines [2-7] and 8–12 digits.
    const mobile = fc.tuple(fc.constantFrom('1', '2', '3', '5', '6', '7', '8', '9'), fc.stringMatching(/^[0-9]{7,10}$/)).map(([b, rest]) => `8${b}${rest}`)
    const fixed = fc.tuple(fc.constantFrom('2', '3', '4', '5', '6', '7'), fc.stringMatching(/^[0-9]{7,11}$/)).map(([a, rest]) => `${a}${rest}`)
    const written = fc
      .tuple(fc.oneof(mobile, fixed), fc.constantFrom('0', '62', '+62', '+62 (0)', '+62 '), fc.constantFrom('', ' ', '-', '.'))
      .map(([nsn, prefix, sep]) => ({ raw: `${prefix}${nsn.match(/.{1,4}/g)!.join(sep)}`, phone: `+62${nsn}` }))
    const junk = fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^\+?[0-9 ().-]{6,20}$/)).map((raw) => ({ raw, phone: null }))
    fc.assert(
      fc.property(fc.oneof({ arbitrary: written, weight: 2 }, { arbitrary: junk, weight: 3 }), ({ raw, phone }) => {
        const r = normalizePhone(raw)
        seen++
        if (r.ok) accepted++
        if (phone !== null) expect(r).toEqual({ ok: true, phone })
        if (r.ok) expect(r.phone).toMatch(/^\+62[2-9][0-9]{7,11}$/)
        else expect(r.message).toMatch(/^Nomor telepon|^Hanya nomor Indonesia/)
      }),
    )
    // The valid side is really exercised: about two in five inputs are valid numbers.
    expect(accepted / seen).toBeGreaterThan(0.25)
  })
})

describe('phone helpers', () => {
  it('phoneForWhatsApp gives the digits without plus for wa.me links', () => {
    expect(phoneForWhatsApp('+6281234567890')).toBe('6281234567890')
  })

  it('lastFourDigits gives the last four digits', () => {
    expect(lastFourDigits('+6281234567890')).toBe('7890')
    expect(lastFourDigits('+62561123456')).toBe('3456')
  })
})
