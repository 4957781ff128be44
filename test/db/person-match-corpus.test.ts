import { describe, expect, it } from 'vitest'
import { createCase } from '../../worker/db/queries/cases'
import { candidateIdsQuery, loadCandidatePeople, nearWindowStart, sameKecamatan } from '../../worker/db/queries/people'
import { loadReferenceRows } from '../../worker/db/queries/reference'
import type { Report } from '../../worker/domain/intake'
import { nameKey, newPersonOf, rankCandidates, type PersonQuery } from '../../worker/domain/person-match'
import { seededRandom, type SeededRandom } from '../../worker/domain/seeded-random'
import { freshDb } from '../support/db'

// Issue 23: matching is measured. 500 synthetic people, each reported once, then reported again the
// way a second caller describes them (spelling variants, titles, spacing, an estimated age, another
// kelurahan of the kecamatan, some of the features); plus 150 reports about people never seen.
// The real look-up (SQL on libSQL) and ranking give the top five; the figures are printed.

const male = ['Ahmad', 'Muhammad', 'Budi', 'Suharto', 'Joko', 'Slamet', 'Agus', 'Yusuf', 'Rizky', 'Hendra', 'Dedi', 'Bambang', 'Sutrisno', 'Wahyu', 'Taufik', 'Syaiful', 'Darto', 'Eko', 'Hasan', 'Usman', 'Abdul', 'Yanto', 'Cahyo', 'Mulyadi', 'Iwan']
const female = ['Siti', 'Aminah', 'Sri', 'Dewi', 'Nurhaliza', 'Yanti', 'Rahayu', 'Suminah', 'Fatimah', 'Wulan', 'Kartini', 'Endang', 'Ratna', 'Lestari', 'Maryam', 'Juariah', 'Sulastri', 'Rohani', 'Zainab', 'Halimah']
const family = ['Santoso', 'Wijaya', 'Saputra', 'Hidayat', 'Kurniawan', 'Setiawan', 'Pratama', 'Nugroho', 'Purnomo', 'Susanto', 'Hartono', 'Gunawan', 'Syahputra', 'Siregar', 'Lubis', 'Nasution', 'Harahap', 'Sembiring', 'Effendi', 'Rahman', 'Hamid', 'Yunus', 'Salim', 'Tanjung', 'Daulay', 'Ramadhan', 'Firmansyah', 'Sulaiman', 'Bakar', 'Ismail']
const featurePool = ['rambut gimbal', 'kaos merah', 'celana loreng', 'sandal jepit', 'bekas luka pelipis', 'tato lengan', 'pincang kaki kanan', 'membawa karung', 'kumis tebal', 'gigi ompong', 'topi hitam', 'jaket biru', 'bicara sendiri', 'tuna wicara', 'tahi lalat pipi', 'kurus sekali', 'rambut putih', 'tongkat kayu', 'sarung kotak', 'kerudung hijau']
const places = ['Pasar Flamboyan', 'Bundaran Digulis', 'Terminal Batu Layang', 'Taman Alun Kapuas', 'Pelabuhan Seng Hie', 'Masjid Raya', 'Simpang Garuda', 'Pasar Mawar']

// How people write the same name differently (issue 23: spacing, spelling, titles).
function variant(name: string, r: SeededRandom): string {
  const ways: ((s: string) => string)[] = [
    (s) => s.replace(/u/g, 'oe'),
    (s) => s.replace(/\bJ/g, 'Dj').replace(/\bY/g, 'J'),
    (s) => s.replace(/(\w)(\w+)/, (_m, a: string, b: string) => a + b.replace(/([bcdfghjklmnpqrstvwz])/, '$1$1')),
    (s) => s.replace(/ /, ''),
    (s) => s.replace(/a(?=\w\b)/, 'ah'),
    (s) => s.replace(/i\b/, 'y'),
    (s) => s.replace(/Muhammad/, r.pick(['Moh.', 'Muh', 'Mochammad', 'M.'])),
    (s) => s.replace(/kh|ch/g, 'h').replace(/Sy/g, 'S'),
    (s) => s,
  ]
  const title = r.chance(0.4) ? `${r.pick(['Bpk.', 'Pak', 'Ibu', 'Bu', 'Sdr.', 'Mbah', 'Tn.', 'H.'])} ` : ''
  return title + r.pick(ways)(r.pick(ways)(name))
}

type Truth = { report: Report; birthYear: number; unknown: boolean; features: string[]; at: number; kecamatanCodes: string[] }

describe('matching precision and recall on a synthetic corpus', () => {
  it('finds the same person in the top five for most second reports, and rarely someone for a stranger', { timeout: 240_000 }, async () => {
    const { db } = await freshDb()
    const ref = await loadReferenceRows(db)
    const kelurahan = ref.kelurahanRows
    const categoryIds = ref.categoryRows.map((c) => c.id)
    const r = seededRandom(23)
    const now = Date.parse('2026-11-24T02:00:00Z')
    const nikOf = (i: number, birthYear: number, sex: string) => `617101${String((sex === 'P' ? 40 : 0) + r.int(1, 28)).padStart(2, '0')}${String(r.int(1, 12)).padStart(2, '0')}${String(birthYear % 100).padStart(2, '0')}${String(1000 + i).slice(-4)}`
    const person = (i: number, at: number): Truth => {
      const sex = r.chance(0.55) ? 'L' : 'P'
      const unknown = r.chance(0.3)
      const place = r.pick(kelurahan)
      const features = Array.from(new Set([r.pick(featurePool), r.pick(featurePool), r.pick(featurePool)]))
      const birthYear = r.int(1940, 2012)
      const name = unknown ? `${sex === 'L' ? 'Tn.' : 'Ny.'} X ${r.pick(places)}` : `${r.pick(sex === 'L' ? male : female)} ${r.pick(family)}`
      const nik = !unknown && r.chance(0.35) ? nikOf(i, birthYear, sex) : null
      const report: Report = {
        idempotencyKey: `corpus-${i}`, channel: 'telepon', reporterName: `Pelapor ${i}`, reporterPhone: `+62812${String(10_000_000 + i * 7919).slice(-8)}`, reporterRelation: 'tetangga',
        personName: name, personNik: nik, personAgeGroup: 'dewasa', personSex: sex as Report['personSex'], kelurahanCode: place.code, address: `Jl. Uji ${i}`, rt: null, rw: null, landmark: null,
        categoryId: r.pick(categoryIds), urgency: 'biasa', description: `Orang ${features.join(', ')}.`, dtksStatus: 'tidak_diketahui',
        personUnknown: unknown, personFeatures: features.join(', '), personAge: nik ? null : now - at > 0 ? new Date(at).getUTCFullYear() - birthYear : null, personBirthDate: null,
      }
      return { report, birthYear, unknown, features, at, kecamatanCodes: kelurahan.filter((k) => k.kecamatanCode === place.kecamatanCode).map((k) => k.code) }
    }

    const people: Truth[] = []
    for (let i = 0; i < 500; i++) {
      const at = now - r.int(1, 60 * 24 * 60) * 60_000
      const p = person(i, at)
      people.push(p)
      await createCase(db, p.report, { now: at, dueAt: at + 86_400_000, actorId: null, ticketPrefix: 'UJ', person: newPersonOf(p.report, at) })
    }
    const idOf = new Map((await db.all<{ k: string; p: number }>('SELECT idempotency_key AS k, person_id AS p FROM cases' as never)).map((row) => [row.k, Number(row.p)]))

    const lookUp = async (q: PersonQuery) => {
      const key = { nik: q.nik, phone: q.phone, nameKey: nameKey(q.name), categoryId: q.categoryId, nearKelurahan: sameKecamatan(kelurahan, q.kelurahanCode), since: nearWindowStart(q.at) }
      const ids = (await db.all<{ id: number }>(candidateIdsQuery(key))).map((row) => Number(row.id))
      return rankCandidates(q, await loadCandidatePeople(db, { kind: 'all' }, ids))
    }

    // Second reports: another caller, another phone, what they saw.
    let found = 0
    let top1 = 0
    let shown = 0
    let shownRight = 0
    for (const [i, p] of people.entries()) {
      const later = p.unknown ? p.at + r.int(5, 3 * 24 * 60) * 60_000 : p.at + r.int(1, 90) * 86_400_000
      const features = [...p.features.slice(0, 2), r.pick(featurePool)]
      const q: PersonQuery = {
        nik: p.report.personNik && r.chance(0.6) ? p.report.personNik : null,
        phone: null,
        name: p.unknown ? (r.chance(0.5) ? p.report.personName : '') : variant(p.report.personName, r),
        birthYear: r.chance(0.8) ? p.birthYear + r.int(-2, 2) : null,
        sex: r.chance(0.9) ? p.report.personSex : 'tidak_diketahui',
        categoryId: r.chance(0.85) ? p.report.categoryId : r.pick(categoryIds),
        kelurahanCode: r.chance(0.7) ? p.report.kelurahanCode : r.pick(p.kecamatanCodes),
        kecamatanCode: kelurahan.find((k) => k.code === p.report.kelurahanCode)!.kecamatanCode,
        features: features.join(', '),
        at: later,
      }
      const ranked = await lookUp(q)
      const right = idOf.get(`corpus-${i}`)!
      if (ranked.some((c) => c.person.id === right)) found++
      if (ranked[0]?.person.id === right) top1++
      shown += ranked.length
      shownRight += ranked.filter((c) => c.person.id === right).length
    }

    // Reports about people never seen: anyone shown is a false candidate.
    let strangersWithCandidates = 0
    for (let i = 0; i < 150; i++) {
      const s = person(1000 + i, now)
      const ranked = await lookUp({ nik: s.report.personNik, phone: null, name: s.unknown ? '' : s.report.personName, birthYear: s.birthYear, sex: s.report.personSex, categoryId: s.report.categoryId, kelurahanCode: s.report.kelurahanCode, kecamatanCode: null, features: s.features.join(', '), at: now })
      if (ranked.length > 0) strangersWithCandidates++
    }

    const recall = found / people.length
    const precisionTop1 = top1 / people.length
    const precisionShown = shownRight / Math.max(1, shown)
    const falseAlarm = strangersWithCandidates / 150
    console.log(
      `person matching, 500 people + 150 strangers: recall@5 ${(recall * 100).toFixed(1)} %, right person first ${(precisionTop1 * 100).toFixed(1)} %, ` +
        `precision of the candidates shown ${(precisionShown * 100).toFixed(1)} % (${shown} shown, ${(shown / people.length).toFixed(2)} per report), strangers shown a candidate ${(falseAlarm * 100).toFixed(1)} %`,
    )
    // Measured 96.0 %, 95.8 % and 29.3 % (seed 23, the categories of 2026-12-07): a change that makes matching worse fails here.
    expect(recall).toBeGreaterThanOrEqual(0.9)
    expect(precisionTop1).toBeGreaterThanOrEqual(0.9)
    expect(falseAlarm).toBeLessThanOrEqual(0.4)
  })
})
