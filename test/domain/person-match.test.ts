import { describe, expect, it } from 'vitest'
import { comparePerson, nameKey, nameWords, rankCandidates, type KnownPerson, type PersonQuery } from '../../worker/domain/person-match'

describe('name key', () => {
  it('reads spellings of one name as one key: titles, spacing, old spelling, doubled letters, kh/ch', () => {
    const same = [
      ['Soeharto', 'Bpk. Suharto'],
      ['Djoko Santoso', 'joko santoso'],
      ['Siti Nur Haliza', 'Ibu Siti Nurhaliza'],
      ['Muhammad Rizky', 'Moh. Rizki'],
      ['Mochammad Taufiq', 'M. Taufik'],
      ['Achmad Syaiful', 'H. Akhmad Saiful'],
      ['Tjahjo', 'Cahyo'],
      ['Hj. Aminah, S.Pd.', 'Aminah'],
      ['Ahmad bin Salim', 'Ahmad'],
    ]
    for (const [a, b] of same) expect(nameKey(a!), `${a} ~ ${b}`).toBe(nameKey(b!))
  })

  it('keeps different names apart', () => {
    expect(nameKey('Budi Santoso')).not.toBe(nameKey('Budi Setiawan'))
    expect(nameKey('Siti Aminah')).not.toBe(nameKey('Siti Fatimah'))
  })

  it('leaves a lone title as the name (nobody is called nothing)', () => {
    expect(nameWords('Tn.')).toEqual(['tn'])
    expect(nameKey('')).toBe('')
  })
})

const at = Date.parse('2026-11-24T02:00:00Z')
const base: PersonQuery = { nik: null, phone: null, name: '', birthYear: null, sex: 'L', categoryId: 5, kelurahanCode: 'k1', kecamatanCode: 'kc', features: '', at }
const known = (over: Partial<KnownPerson> = {}): KnownPerson => ({
  id: 1, name: 'Tn. X Pasar Flamboyan', identityKnown: false, nik: null, birthYear: null, sex: 'L', features: 'rambut gimbal, kaos merah',
  reports: [{ at: at - 20 * 60_000, categoryId: 5, kelurahanCode: 'k1', kecamatanCode: 'kc', reporterPhone: '+628111', description: 'berkeliaran di pasar' }],
  ...over,
})

describe('comparing a report with a known person', () => {
  it('explains an unknown person by place, time, category and features', () => {
    const c = comparePerson({ ...base, features: 'Kaos merah, rambut gimbal' }, known())
    expect(c.reasons).toEqual(['kelurahan sama, 20 menit lalu', 'kategori sama', 'ciri-ciri sama: kaos, merah, rambut, gimbal'])
    expect(c.score).toBeGreaterThanOrEqual(30)
  })

  it('does not count a report from another kecamatan or long ago as near', () => {
    const far = known({ reports: [{ ...known().reports[0]!, kelurahanCode: 'k9', kecamatanCode: 'other' }] })
    expect(comparePerson(base, far).reasons).toEqual([])
    const old = known({ reports: [{ ...known().reports[0]!, at: at - 30 * 86_400_000 }] })
    expect(comparePerson(base, old).reasons).toEqual([])
  })

  it('puts a different NIK, sex or age against a match', () => {
    const p = known({ identityKnown: true, name: 'Ahmad Yani', nik: '6171011508700009', birthYear: 1970 })
    expect(comparePerson({ ...base, name: 'Achmad Yani', nik: '6171011508700009', birthYear: 1971 }, p).reasons).toEqual(expect.arrayContaining(['NIK sama', 'nama mirip (ejaan lain)', 'umur cocok (selisih ≤ 2 tahun)']))
    const other = comparePerson({ ...base, name: 'Ahmad Yani', nik: '6171011508800001', birthYear: 1980, sex: 'P' }, p)
    expect(other.reasons).toEqual(expect.arrayContaining(['NIK berbeda', 'umur berbeda 10 tahun', 'jenis kelamin berbeda']))
    expect(other.score).toBeLessThan(0)
  })

  it('shows at most five candidates, the most alike first, none below the threshold', () => {
    const many = Array.from({ length: 8 }, (_, i) => known({ id: i + 1, features: i % 2 ? 'rambut gimbal' : 'kaos merah, rambut gimbal, sandal' }))
    const ranked = rankCandidates({ ...base, features: 'kaos merah rambut gimbal sandal' }, [...many, known({ id: 99, reports: [] , features: null })])
    expect(ranked).toHaveLength(5)
    expect(ranked[0]!.score).toBeGreaterThanOrEqual(ranked[4]!.score)
    expect(ranked.some((c) => c.person.id === 99)).toBe(false)
  })
})
