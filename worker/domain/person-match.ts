/**
 * Is this report about someone Sigap already knows (issue 23)? Candidates come from indexed
 * look-ups (NIK, the reporter's phone, the name key, and for people without a known identity the
 * same category near the same place within a time window); this module says how alike each one is
 * and why, so the operator can judge "same person?" and decide. It never decides. Pure.
 */
import { letterPairs } from './name-match'

// Forms of address and honorifics written before a name: "Bpk. Ahmad", "Tn. X", "Hj. Siti".
const titles = new Set([
  'bpk', 'bapak', 'pak', 'ibu', 'bu', 'tn', 'tuan', 'ny', 'nyonya', 'nona', 'nn', 'sdr', 'sdri', 'saudara', 'saudari',
  'an', 'anak', 'mbah', 'kakek', 'nenek', 'kek', 'nek', 'mas', 'mbak', 'bang', 'kak', 'dik', 'adik', 'h', 'hj', 'haji', 'hajah',
  'dr', 'drs', 'dra', 'ir', 'prof', 'alm', 'almh',
])

// The many spellings of Muhammad count as one word.
const muhammad = /^(m|moh|mohd|muh|muhd|mohammad|mohamad|mochammad|mochamad|muhamad|muhammad|muchammad|muchamad|mukhammad|mohammed)$/

/** The words of a name, lowercase ASCII, in today's spelling, without titles, degrees or "bin …". */
export function nameWords(name: string): string[] {
  const plain = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // Academic degrees follow a comma ("Siti Aminah, S.Pd.").
    .split(',')[0]!
  const words = plain.split(/[^a-z]+/).filter(Boolean)
  let start = 0
  while (start < words.length - 1 && titles.has(words[start]!)) start++
  const rest = words.slice(start)
  const bin = rest.findIndex((w) => w === 'bin' || w === 'binti')
  return (bin > 0 ? rest.slice(0, bin) : rest).map(modernSpelling).map((w) => (muhammad.test(w) ? 'muhammad' : w))
}

/** Pre-1972 spelling as today's: Soeharto → Suharto, Djoko → Joko, Tjahjo → Cahjo. */
function modernSpelling(word: string): string {
  return word.replace(/oe/g, 'u').replace(/dj/g, 'j').replace(/tj/g, 'c').replace(/nj/g, 'ny').replace(/sj/g, 'sy')
}

/**
 * The key people are looked up by: the name's consonant skeleton, so that spacing ("Nur Haliza"),
 * doubled letters ("Muhammad"), vowels ("Rizky", "Rezki"), "h" and "kh" ("Achmad", "Akhmad",
 * "Ahmad") and the old spelling do not count. Several people share a key; the scores tell them apart.
 */
export function nameKey(name: string): string {
  const joined = nameWords(name).join('')
  if (!joined) return ''
  const classed = joined
    .replace(/sy/g, 's')
    .replace(/ch|kh/g, 'h')
    .replace(/q/g, 'k')
    .replace(/v/g, 'f')
    .replace(/z/g, 's')
    .replace(/j/g, 'y')
  const first = /[aeiouy]/.test(classed[0]!) ? (classed[0] === 'y' ? 'y' : 'a') : classed[0]!
  const rest = classed.slice(1).replace(/[aeiouyh]/g, '')
  return (first + rest).replace(/(.)\1+/g, '$1')
}

/** What a report says about the person, for comparing. */
export type PersonQuery = {
  nik: string | null
  phone: string | null
  name: string
  birthYear: number | null
  sex: string
  categoryId: number | null
  kelurahanCode: string | null
  kecamatanCode: string | null
  features: string
  at: number
}

/** A person Sigap knows, with the reports about them the viewer may read. */
export type KnownPerson = {
  id: number
  name: string
  identityKnown: boolean
  nik: string | null
  birthYear: number | null
  sex: string
  features: string | null
  reports: {
    at: number
    categoryId: number | null
    kelurahanCode: string
    kecamatanCode: string
    reporterPhone: string | null
    description: string
  }[]
}

export type Candidate = { person: KnownPerson; score: number; reasons: string[] }

/** How near in time and place an unknown person's earlier report must be to count. */
export const nearWindowMs = 7 * 24 * 60 * 60_000
/** A candidate below this score is not shown. */
export const minScore = 30
export const maxCandidates = 5

// Words that describe nothing in particular.
const common = new Set(
  'yang dan di ke dari dengan ada tidak itu ini pakai memakai memakaian berada sedang sering orang seorang laki perempuan pria wanita sekitar dekat depan tahun umur usia kira sudah belum juga atau untuk pada warga dilaporkan terlihat lapor'.split(' '),
)

/** The telling words of a description ("baju merah, rambut gimbal" → baju, merah, rambut, gimbal). */
export function featureWords(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFKD')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3 && !common.has(w)),
  )
}

function ago(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000))
  if (minutes < 60) return `${minutes} menit`
  const hours = Math.round(minutes / 60)
  return hours < 48 ? `${hours} jam` : `${Math.round(hours / 24)} hari`
}

/** How alike a report and a known person are (a score) and why, in words the operator reads. */
export function comparePerson(q: PersonQuery, p: KnownPerson): Candidate {
  const reasons: string[] = []
  let score = 0
  if (q.nik && p.nik) {
    if (q.nik === p.nik) {
      score += 100
      reasons.push('NIK sama')
    } else {
      score -= 60
      reasons.push('NIK berbeda')
    }
  }
  if (q.phone && p.reports.some((r) => r.reporterPhone === q.phone)) {
    score += 25
    reasons.push('nomor HP pelapor sama')
  }
  const qKey = nameKey(q.name)
  if (qKey) {
    const [qName, pName] = [nameWords(q.name).join(''), nameWords(p.name).join('')]
    // Two one-letter names are alike only when they are the same letter.
    const alike = qName.length < 2 || pName.length < 2 ? Number(qName === pName) : letterPairs(qName, pName)
    if (qKey === nameKey(p.name)) {
      score += alike > 0.85 ? 40 : 30
      reasons.push(alike > 0.85 ? 'nama sama' : 'nama mirip (ejaan lain)')
    } else if (alike >= 0.75) {
      score += 20
      reasons.push('nama mirip')
    }
  }
  if (q.birthYear && p.birthYear) {
    const diff = Math.abs(q.birthYear - p.birthYear)
    if (diff <= 2) {
      score += 15
      reasons.push(diff === 0 ? 'tahun lahir sama' : 'umur cocok (selisih ≤ 2 tahun)')
    } else if (diff > 5) {
      score -= 30
      reasons.push(`umur berbeda ${diff} tahun`)
    }
  }
  const knownSex = (s: string) => s === 'L' || s === 'P'
  if (knownSex(q.sex) && knownSex(p.sex) && q.sex !== p.sex) {
    score -= 40
    reasons.push('jenis kelamin berbeda')
  }
  // People without a KTP are recognised by where, when, what for and how they look.
  {
    const near = p.reports.filter((r) => q.at - r.at <= nearWindowMs && r.at <= q.at + 60_000)
    const here = near.find((r) => r.kelurahanCode === q.kelurahanCode) ?? near.find((r) => r.kecamatanCode === q.kecamatanCode)
    if (here) {
      score += here.kelurahanCode === q.kelurahanCode ? 20 : 10
      reasons.push(`${here.kelurahanCode === q.kelurahanCode ? 'kelurahan' : 'kecamatan'} sama, ${ago(q.at - here.at)} lalu`)
      if (q.categoryId !== null && near.some((r) => r.categoryId === q.categoryId)) {
        score += 10
        reasons.push('kategori sama')
      }
    }
    const mine = featureWords(q.features)
    if (mine.size > 0) {
      const theirs = featureWords([p.features ?? '', ...p.reports.map((r) => r.description)].join(' '))
      const shared = [...mine].filter((w) => theirs.has(w))
      if (shared.length > 0) {
        score += Math.min(30, 8 * shared.length)
        reasons.push(`ciri-ciri sama: ${shared.slice(0, 5).join(', ')}`)
      }
    }
  }
  return { person: p, score, reasons }
}

/** The candidates worth showing, most alike first, at most five. */
export function rankCandidates(q: PersonQuery, people: readonly KnownPerson[]): Candidate[] {
  return people
    .map((p) => comparePerson(q, p))
    .filter((c) => c.score >= minScore)
    .sort((a, b) => b.score - a.score || b.person.id - a.person.id)
    .slice(0, maxCandidates)
}

/** The birth year an estimated age gives at `now` (UTC year), or the year of an ISO birth date. */
export function birthYearOf(input: { birthDate?: string | null; age?: number | null }, now: number): number | null {
  if (input.birthDate) return Number(input.birthDate.slice(0, 4))
  if (input.age !== null && input.age !== undefined) return new Date(now).getUTCFullYear() - input.age
  return null
}

/** The person record a new report makes: what the report says, the birth year from the NIK or an estimated age. */
export type NewPerson = { name: string; identityKnown: boolean; nameKey: string; nik: string | null; birthDate: string | null; birthYear: number | null; sex: string; features: string | null }

export function newPersonOf(
  report: { personName: string; personUnknown: boolean; personNik: string | null; personBirthDate: string | null; personAge: number | null; personSex: string; personFeatures: string | null },
  now: number,
): NewPerson {
  return {
    name: report.personName,
    identityKnown: !report.personUnknown,
    nameKey: nameKey(report.personName),
    nik: report.personNik,
    birthDate: report.personBirthDate,
    birthYear: birthYearOf({ birthDate: report.personBirthDate, age: report.personAge }, now),
    sex: report.personSex,
    features: report.personFeatures,
  }
}
