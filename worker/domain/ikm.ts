/**
 * Survei Kepuasan Masyarakat (PermenPANRB 14/2017): nine service elements answered on a 1–4
 * scale, and the satisfaction index (IKM) computed from them.
 */
import { readForm, type FormBody, type Parsed } from './form'

/** The nine elements (unsur) of the regulation, with the question and the four answers shown to the public. */
export const surveyElements = [
  { code: 'u1', name: 'Persyaratan', question: 'Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?', answers: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] },
  { code: 'u2', name: 'Sistem, mekanisme, dan prosedur', question: 'Bagaimana kemudahan prosedur pelayanan?', answers: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'] },
  { code: 'u3', name: 'Waktu penyelesaian', question: 'Bagaimana kecepatan waktu dalam memberikan pelayanan?', answers: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'] },
  { code: 'u4', name: 'Biaya/tarif', question: 'Bagaimana kewajaran biaya/tarif dalam pelayanan?', answers: ['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'] },
  { code: 'u5', name: 'Produk spesifikasi jenis pelayanan', question: 'Bagaimana kesesuaian hasil pelayanan dengan yang dijanjikan?', answers: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'] },
  { code: 'u6', name: 'Kompetensi pelaksana', question: 'Bagaimana kemampuan petugas dalam memberikan pelayanan?', answers: ['Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'] },
  { code: 'u7', name: 'Perilaku pelaksana', question: 'Bagaimana kesopanan dan keramahan petugas?', answers: ['Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'] },
  { code: 'u8', name: 'Penanganan pengaduan, saran dan masukan', question: 'Bagaimana penanganan pengaduan pengguna layanan?', answers: ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'] },
  { code: 'u9', name: 'Sarana dan prasarana', question: 'Bagaimana kualitas sarana dan prasarana pelayanan?', answers: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'] },
] as const

export type ElementCode = (typeof surveyElements)[number]['code']
/** One respondent's answers, u1…u9, each 1–4. */
export type SurveyAnswers = Record<ElementCode, number>

export type IkmGrade = 'A' | 'B' | 'C' | 'D'
export const gradeLabels: Record<IkmGrade, string> = { A: 'Sangat baik', B: 'Baik', C: 'Kurang baik', D: 'Tidak baik' }

export type IkmResult = {
  respondents: number
  /** Nilai rata-rata (NRR) per element, 1–4. */
  elementAverages: number[]
  /** The index on the 1–4 scale: the nine averages weighted 1/9 each. */
  index: number
  /** The index converted to 25–100 (× 25), rounded to two decimals as the regulation reports it. */
  score: number
  grade: IkmGrade
}

/** The quality grade of a converted score (PermenPANRB 14/2017, table of interval values). */
export function gradeOf(score: number): IkmGrade {
  if (score >= 88.31) return 'A'
  if (score >= 76.61) return 'B'
  if (score >= 65) return 'C'
  return 'D'
}

/**
 * IKM = Σ (NRR per element × weight), weight = 1/9 for nine elements; the unit's score is IKM × 25.
 * The regulation writes the weight as 0,11; the exact 1/9 is used so that all-4 answers give 100.
 * Returns null without respondents.
 */
export function computeIkm(responses: readonly SurveyAnswers[]): IkmResult | null {
  if (responses.length === 0) return null
  const elementAverages = surveyElements.map((e) => responses.reduce((sum, r) => sum + r[e.code], 0) / responses.length)
  const index = elementAverages.reduce((sum, nrr) => sum + nrr / surveyElements.length, 0)
  const score = Math.round(index * 25 * 100) / 100
  return { respondents: responses.length, elementAverages, index, score, grade: gradeOf(score) }
}

/** IKM per group (month, category, kelurahan…), groups in the order first seen. */
export function ikmBy<T extends SurveyAnswers>(rows: readonly T[], keyOf: (row: T) => string): Map<string, IkmResult> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const key = keyOf(row)
    const group = groups.get(key)
    if (group) group.push(row)
    else groups.set(key, [row])
  }
  return new Map([...groups].map(([key, group]) => [key, computeIkm(group)!]))
}

/** Reads the nine answers from a submitted form; each must be 1, 2, 3 or 4. */
export function parseSurvey(body: FormBody): Parsed<{ answers: SurveyAnswers; suggestion: string | null }> {
  const f = readForm(body)
  const answers = {} as SurveyAnswers
  for (const e of surveyElements) answers[e.code] = Number(f.choice(e.code, ['1', '2', '3', '4'], 'Pilih salah satu jawaban.'))
  const suggestion = f.text('saran', { max: 1000 })
  return f.done({ answers, suggestion })
}
