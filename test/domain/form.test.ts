import { describe, expect, it } from 'vitest'
import { forbiddenMessage, hasForbiddenChars, isIsoDate, named, readForm, typedValues } from '../../worker/domain/form'

const provinceCodes = new Set(['61', '64'])
const now = Date.UTC(2026, 11, 7)

describe('the forbidden characters', () => {
  it('are control characters and bidi overrides, not tab or line breaks', () => {
    for (const ch of ['\u0000', '\u0007', '\u000b', '\u000c', '\u001b', '\u007f', '\u202e', '\u2066', '\u2069']) expect(hasForbiddenChars(`a${ch}b`), JSON.stringify(ch)).toBe(true)
    for (const ok of ['a\tb', 'baris 1\nbaris 2', 'a\r\nb', 'Jum’at — ✓', 'مرحبا']) expect(hasForbiddenChars(ok), ok).toBe(false)
  })

  it('refuse a text field with a message beside it and keep what was typed', () => {
    const f = readForm({ name: 'Budi\u202eodnaS' })
    expect(f.text('name', { max: 100 })).toBe('Budi\u202eodnaS')
    expect(f.done('x')).toEqual({ ok: false, values: { name: 'Budi\u202eodnaS' }, errors: { name: forbiddenMessage } })
  })
})

describe('the echo of typed values', () => {
  it('gives back every text field, files and repeated names left out', () => {
    const file = new File(['x'], 'a.jpg')
    expect(typedValues({ a: ' satu ', b: file, c: ['1', '2'], d: '' })).toEqual({ a: ' satu ', d: '' })
  })

  it('reads a field trimmed and NFC, shows it as typed, or as mapped where a reader maps it', () => {
    const f = readForm({ code: '  Lansia-X ', name: ' Cafe\u0301 ', blank: '   ' })
    expect(f.str('code', (t) => t.toLowerCase())).toBe('lansia-x')
    expect(f.str('name')).toBe('Café')
    expect(f.text('blank', { max: 5, required: 'Wajib.' })).toBe('')
    expect(f.done(null)).toEqual({ ok: false, values: { code: 'lansia-x', name: ' Cafe\u0301 ', blank: '   ' }, errors: { blank: 'Wajib.' } })
  })

  it('adds no value for a field that was neither sent nor read to something', () => {
    const f = readForm({})
    expect(f.str('missing')).toBe('')
    f.fail('other', 'x')
    expect(f.done(null)).toMatchObject({ values: {} })
  })

  it('reads the first of repeated values and a file as empty', () => {
    const f = readForm({ a: ['satu', 'dua'], b: new File(['x'], 'a.txt') })
    expect(f.str('a')).toBe('satu')
    expect(f.str('b')).toBe('')
  })
})

describe('the result', () => {
  it('is the value when every field passed', () => {
    const f = readForm({ name: 'Budi' })
    expect(f.done({ name: f.text('name', { max: 10, required: 'Wajib.' }) })).toEqual({ ok: true, value: { name: 'Budi' } })
    expect(f.ok).toBe(true)
  })

  it('keeps the first problem of a field', () => {
    const f = readForm({})
    f.fail('a', 'Pertama.')
    f.fail('a', 'Kedua.')
    expect(f.errors).toEqual({ a: 'Pertama.' })
    expect(f.ok).toBe(false)
  })
})

describe('text', () => {
  it('reads an empty optional field as null and a required one as its message', () => {
    const f = readForm({ a: '   ', b: '' })
    expect(f.text('a', { max: 5 })).toBeNull()
    expect(f.text('b', { max: 5, required: 'B wajib diisi.' })).toBe('')
    expect(f.errors).toEqual({ b: 'B wajib diisi.' })
  })

  it('holds the length, with the default or the field’s own message', () => {
    const f = readForm({ a: 'abcdef', b: 'abcdef', c: 'abcde' })
    f.text('a', { max: 5 })
    f.text('b', { max: 5, tooLong: 'B kepanjangan.' })
    expect(f.text('c', { max: 5 })).toBe('abcde')
    expect(f.errors).toEqual({ a: 'Terlalu panjang (paling banyak 5 karakter).', b: 'B kepanjangan.' })
  })

  it('checks the text as mapped and shows it mapped', () => {
    const f = readForm({ md: 'a\r\nb', long: 'ab\r\ncd' })
    expect(f.text('md', { max: 3, map: (t) => t.replace(/\r\n/g, '\n') })).toBe('a\nb')
    f.text('long', { max: 4, map: (t) => t.replace(/\r\n/g, '\n') })
    expect(f.done(null)).toEqual({ ok: false, values: { md: 'a\nb', long: 'ab\ncd' }, errors: { long: 'Terlalu panjang (paling banyak 4 karakter).' } })
  })

  it('names the field in its messages with `named`', () => {
    const f = readForm({ note: 'x'.repeat(501) })
    f.text('note', named('Catatan', 500))
    f.text('bed', named('Kamar', 60, true))
    expect(f.errors).toEqual({ note: 'Catatan paling banyak 500 karakter.', bed: 'Kamar wajib diisi.' })
  })
})

describe('choice', () => {
  it('takes a value of a label record, an array or a set', () => {
    const f = readForm({ a: 'ya', b: 'dua', c: '61' })
    expect(f.choice('a', { ya: 'Ya', tidak: 'Tidak' }, 'Pilih.')).toBe('ya')
    expect(f.choice('b', ['satu', 'dua'], 'Pilih.')).toBe('dua')
    expect(f.choice('c', provinceCodes, 'Pilih.')).toBe('61')
    expect(f.ok).toBe(true)
  })

  it('refuses anything else, an inherited key too', () => {
    const f = readForm({ a: 'toString', b: 'tiga', c: '99', d: '' })
    f.choice('a', { ya: 'Ya' }, 'Pilih a.')
    f.choice('b', ['satu', 'dua'], 'Pilih b.')
    f.choice('c', provinceCodes, 'Pilih c.')
    f.choice('d', ['satu'], 'Pilih d.')
    expect(f.errors).toEqual({ a: 'Pilih a.', b: 'Pilih b.', c: 'Pilih c.', d: 'Pilih d.' })
  })
})

describe('int', () => {
  it('takes whole numbers within the range', () => {
    const f = readForm({ a: '1', b: '8760', c: '-12', d: ' 7 ' })
    expect([f.int('a', { min: 1, max: 8760 }, 'x'), f.int('b', { min: 1, max: 8760 }, 'x'), f.int('c', { min: -99, max: 99 }, 'x'), f.int('d', { min: 0, max: 9 }, 'x')]).toEqual([1, 8760, -12, 7])
    expect(f.ok).toBe(true)
  })

  it('refuses fractions, words, empty and out of range', () => {
    for (const typed of ['0', '8761', '1.5', '1e3', 'dua', '', '0x10']) {
      const f = readForm({ n: typed })
      f.int('n', { min: 1, max: 8760 }, 'Angka 1 sampai 8760.')
      expect(f.errors, typed).toEqual({ n: 'Angka 1 sampai 8760.' })
    }
  })

  it('gives the blank value for an empty field when one is named, and shows it', () => {
    const f = readForm({ sort: '' })
    expect(f.int('sort', { min: -9999, max: 9999, blank: 0 }, 'x')).toBe(0)
    expect(f.done(null)).toEqual({ ok: true, value: null })
    expect(f.values.sort).toBe('0')
  })
})

describe('id', () => {
  it('takes one of the listed ids and refuses any other', () => {
    const ids = new Set([3, 7])
    const f = readForm({ a: '7', b: '4', c: 'x', d: '' })
    expect(f.id('a', ids, 'Pilih.')).toBe(7)
    f.id('b', ids, 'Pilih b.')
    f.id('c', ids, 'Pilih c.')
    f.id('d', ids, 'Pilih d.')
    expect(f.errors).toEqual({ b: 'Pilih b.', c: 'Pilih c.', d: 'Pilih d.' })
  })
})

describe('date', () => {
  it('takes a real day written YYYY-MM-DD', () => {
    expect(['2026-12-31', '2028-02-29', '0020-01-01'].every(isIsoDate)).toBe(true)
    const f = readForm({ d: '2026-12-31' })
    expect(f.date('d', 'Pilih tanggal.')).toBe('2026-12-31')
    expect(f.ok).toBe(true)
  })

  it('refuses a day that does not exist and other writings', () => {
    for (const typed of ['2026-02-30', '2027-02-29', '2026-13-01', '31-12-2026', '2026-1-1', '', '2026-12-31T10:00']) {
      const f = readForm({ d: typed })
      f.date('d', 'Pilih tanggal.')
      expect(f.errors, typed).toEqual({ d: 'Pilih tanggal.' })
    }
  })
})

describe('phone', () => {
  it('gives the number as +62 and null for an empty optional field', () => {
    const f = readForm({ a: '0812 3456 7890', b: '' })
    expect(f.phone('a')).toBe('+6281234567890')
    expect(f.phone('b')).toBeNull()
    expect(f.ok).toBe(true)
  })

  it('says what is wrong with the number, or that it is required', () => {
    const f = readForm({ a: '12', b: '' })
    f.phone('a')
    f.phone('b', 'Nomor HP wajib diisi.')
    expect(f.errors).toEqual({ a: 'Nomor telepon harus diawali 0, 62, atau +62.', b: 'Nomor HP wajib diisi.' })
  })
})

describe('nik', () => {
  it('gives the 16 digits and null for an empty field', () => {
    const f = readForm({ a: '6171 0145 0190 0001', b: '' })
    expect(f.nik('a', { provinceCodes, now })).toBe('6171014501900001')
    expect(f.nik('b', { provinceCodes, now })).toBeNull()
    expect(f.ok).toBe(true)
  })

  it('says what is wrong with a NIK', () => {
    const f = readForm({ a: '61710145019000', b: '6171a14501900001' })
    f.nik('a', { provinceCodes, now })
    f.nik('b', { provinceCodes, now })
    expect(f.errors).toEqual({ a: 'NIK harus 16 angka.', b: 'NIK hanya boleh berisi angka.' })
  })
})

describe('list and flag', () => {
  it('reads repeated values without empties, and a checkbox as on or off', () => {
    const f = readForm({ roles: ['a', '', 'b'], one: 'x', on: '1', off: 'yes' })
    expect(f.list('roles')).toEqual(['a', 'b'])
    expect(f.list('one')).toEqual(['x'])
    expect(f.list('none')).toEqual([])
    expect([f.flag('on'), f.flag('off'), f.flag('absent')]).toEqual([true, false, false])
    expect(f.values).toMatchObject({ on: '1', off: '', absent: '' })
  })
})
