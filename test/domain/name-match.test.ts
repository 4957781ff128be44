import { describe, expect, it } from 'vitest'
import { exactMatch, nameIndex, nameKey, search, similarity, suggestions } from '../../worker/domain/name-match'

const kelurahan = nameIndex(['Dalambugis', 'Benua Melayu Darat', 'Benua Melayu Laut', 'Sungaijawi', 'Sungai Jawi Dalam', 'Siantan Hulu'].map((name) => ({ value: name, names: [name] })))
const categories = nameIndex(['Pengajuan KIS/BPJS PBI', 'Pengajuan DTKS/BDT', 'Pelatihan kerja', 'Korban bencana', 'KIS bermasalah'].map((name) => ({ value: name, names: [name] })))

describe('name matcher', () => {
  it('ignores spaces, hyphens, case and the words Kel., Kelurahan and Desa', () => {
    expect(nameKey('Kel. Dalam Bugis')).toBe('dalambugis')
    expect(nameKey('Kelurahan Sungai-Jawi')).toBe('sungaijawi')
    expect(nameKey('DESA  Siantan hulu')).toBe('siantanhulu')
    expect(exactMatch('dalam bugis', kelurahan)).toBe('Dalambugis')
    expect(exactMatch('sungai jawi', kelurahan)).toBe('Sungaijawi')
    expect(exactMatch('benua melayu', kelurahan)).toBeUndefined()
  })

  it('says which are ambiguous: one name in two places', () => {
    expect(exactMatch('x', nameIndex([{ value: 1, names: ['X'] }, { value: 2, names: ['x'] }]))).toBeNull()
  })

  it('suggests the official names a partial or differently worded name most likely means', () => {
    expect(suggestions('benua melayu', kelurahan).map((s) => s.value)).toEqual(['Benua Melayu Darat', 'Benua Melayu Laut'])
    expect(suggestions('Pengajuan KIS', categories)[0]!.value).toBe('Pengajuan KIS/BPJS PBI')
    expect(suggestions('Pengajuan BDT', categories)[0]!.value).toBe('Pengajuan DTKS/BDT')
    expect(suggestions('Bencana', categories)[0]!.value).toBe('Korban bencana')
    expect(suggestions('Pelatihan Satpam', categories)[0]!.value).toBe('Pelatihan kerja')
    expect(suggestions('Servis Elektronik', categories)).toEqual([])
    expect(similarity('sungai jawi', 'Sungaijawi')).toBe(1)
  })

  it('finds a kelurahan however its name is spaced, and the likeliest ones for a misspelling', () => {
    const official = nameIndex(['Benuamelayu Laut', 'Benuamelayu Darat', 'Dalambugis', 'Sungaijawi Dalam', 'Sungaijawi Luar', 'Sungaijawi', 'Siantan Hulu'].map((name) => ({ value: name, names: [name] })))
    expect(search('dalam bugis', official)).toEqual(['Dalambugis'])
    expect(search('benua melayu', official)).toEqual(['Benuamelayu Laut', 'Benuamelayu Darat'])
    expect(search('sungai jawi', official)).toEqual(['Sungaijawi Dalam', 'Sungaijawi Luar', 'Sungaijawi'])
    expect(search('Kel. Dalam-Bugis', official)).toEqual(['Dalambugis'])
    expect(search('sungei jawi', official)[0]).toMatch(/^Sungaijawi/)
    expect(search('', official)).toHaveLength(7)
  })
})
