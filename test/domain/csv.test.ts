import { describe, expect, it } from 'vitest'
import { decodeCsv, detectDelimiter, parseCsv } from '../../worker/domain/csv'
import { checkCaseRows, checkUserRows, guessMapping, kelurahanLookup, categoryLookup, parseLocalDate } from '../../worker/domain/import'

describe('CSV reading', () => {
  it('parses quotes, doubled quotes, line breaks inside quotes, CRLF and blank lines', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line1\nline2"\r\n\r\n1,,3\n'
    expect(parseCsv(text)).toEqual([['a', 'b', 'c'], ['x, y', 'say "hi"', 'line1\nline2'], ['1', '', '3']])
  })

  it('detects semicolons as Excel writes them in an Indonesian locale', () => {
    expect(detectDelimiter('tanggal;nama;"a,b"\n1;2;3')).toBe(';')
    expect(parseCsv('tanggal;nama\n2021-01-02;"Budi; S."')).toEqual([['tanggal', 'nama'], ['2021-01-02', 'Budi; S.']])
  })

  it('decodes UTF-8 with a BOM, and Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9]))).toBe('aé')
    expect(decodeCsv(new Uint8Array([0x61, 0xe9, 0x80]))).toBe('aé€')
  })
})

describe('checking past-record rows', () => {
  const ctx = {
    kelurahan: kelurahanLookup([{ code: '61.71.01.1001', name: 'Darat Sekip' }, { code: '61.71.02.1001', name: 'Sungai Bangkong' }, { code: '61.71.03.1001', name: 'Sungai Bangkong' }]),
    categories: categoryLookup([{ id: 7, code: 'odgj', name: 'ODGJ' }]),
    provinceCodes: new Set(['61']),
    zone: 'Asia/Pontianak',
    now: Date.parse('2026-01-01T00:00:00Z'),
    fileName: 'arsip.csv',
  }

  it('reads day-first dates in the deployment zone and rejects impossible ones', () => {
    expect(parseLocalDate('31/03/2021 14.30', 'Asia/Pontianak')).toBe(Date.parse('2021-03-31T14:30:00+07:00'))
    expect(parseLocalDate('2021-03-31', 'Asia/Makassar')).toBe(Date.parse('2021-03-31T00:00:00+08:00'))
    expect(parseLocalDate('31/02/2021', 'Asia/Pontianak')).toBeNull()
    expect(parseLocalDate('kemarin', 'Asia/Pontianak')).toBeNull()
  })

  it('names every problem of a row, and keys identical rows apart but stably', () => {
    const header = ['Tanggal', 'Kelurahan', 'Nama', 'NIK', 'Kategori']
    const rows = [
      ['2021-03-01', 'Kel. Darat Sekip', 'Budi', '', 'ODGJ'],
      ['2021-03-01', 'Kel. Darat Sekip', 'Budi', '', 'ODGJ'],
      ['31/13/2021', 'Antah Berantah', '', '1234', 'Lain'],
      ['2021-03-02', 'Sungai Bangkong', 'Ani', '', 'odgj'],
    ]
    const mapping = { columns: guessMapping(header), defaultCategoryId: null }
    expect(mapping.columns).toEqual({ received_at: 0, kelurahan: 1, person_name: 2, person_nik: 3, category: 4 })
    const { valid, problems } = checkCaseRows(rows, mapping, ctx)
    expect(valid.map((v) => v.line)).toEqual([2, 3])
    expect(valid[0]!.key).not.toBe(valid[1]!.key)
    expect(checkCaseRows(rows, mapping, ctx).valid.map((v) => v.key)).toEqual(valid.map((v) => v.key))
    expect(problems).toEqual([
      { line: 4, messages: ['Tanggal laporan "31/13/2021" tidak dikenali (pakai 2021-03-31 atau 31/03/2021).', 'Kelurahan "Antah Berantah" tidak dikenal di wilayah ini.', 'Kategori "Lain" tidak dikenal.', 'Nama kosong.', 'NIK: NIK harus 16 angka.'] },
      { line: 5, messages: ['Kelurahan "Sungai Bangkong" ada di lebih dari satu kecamatan; pakai kodenya.'] },
    ])
  })

  it('refuses the characters every form refuses (control characters, bidi overrides)', () => {
    const mapping = { columns: { received_at: 0, kelurahan: 1, person_name: 2, category: 3, description: 4 }, defaultCategoryId: null }
    const rows = [
      ['2021-03-01', 'Darat Sekip', 'Budi\u202eodnaS', 'ODGJ', 'Uraian'],
      ['2021-03-01', 'Darat Sekip', 'Budi', 'ODGJ', 'baris\u0007'],
      ['2021-03-01', 'Darat Sekip', 'Budi', 'ODGJ', 'baris 1\nbaris 2\tx'],
    ]
    const { valid, problems } = checkCaseRows(rows, mapping, ctx)
    expect(problems).toEqual([
      { line: 2, messages: ['Berisi karakter yang tidak diizinkan.'] },
      { line: 3, messages: ['Berisi karakter yang tidak diizinkan.'] },
    ])
    expect(valid.map((v) => v.line)).toEqual([4])
    const users = checkUserRows([['username', 'nama', 'peran'], ['budi', 'Budi\u0000', 'operator']], { roles: ['operator'], kelurahan: ctx.kelurahan, existingUsernames: new Set() })
    expect(users.problems).toEqual([{ line: 2, messages: ['Berisi karakter yang tidak diizinkan.'] }])
  })
})
