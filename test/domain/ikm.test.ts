import { describe, expect, it } from 'vitest'
import { computeIkm, gradeOf, ikmBy, parseSurvey, type SurveyAnswers } from '../../worker/domain/ikm'

const answers = (...v: number[]): SurveyAnswers => ({ u1: v[0]!, u2: v[1]!, u3: v[2]!, u4: v[3]!, u5: v[4]!, u6: v[5]!, u7: v[6]!, u8: v[7]!, u9: v[8]! })

describe('satisfaction index (IKM, PermenPANRB 14/2017)', () => {
  it('computes the worked example: element averages weighted 1/9, times 25, grade B', () => {
    // Four respondents. Element averages (NRR): u1 3.25, u2 3.00, u3 2.75, u4 4.00, u5 3.00,
    // u6 3.25, u7 3.50, u8 2.75, u9 3.00. Σ NRR = 28.5; IKM = 28.5 / 9 = 3.1667; × 25 = 79.17 → B (Baik).
    const result = computeIkm([answers(3, 3, 3, 4, 3, 3, 4, 3, 3), answers(4, 3, 2, 4, 3, 4, 4, 3, 3), answers(3, 3, 3, 4, 3, 3, 3, 2, 3), answers(3, 3, 3, 4, 3, 3, 3, 3, 3)])!
    expect(result.elementAverages).toEqual([3.25, 3, 2.75, 4, 3, 3.25, 3.5, 2.75, 3])
    expect(result.index).toBeCloseTo(3.1667, 4)
    expect(result.score).toBe(79.17)
    expect(result.grade).toBe('B')
    expect(result.respondents).toBe(4)
  })

  it('spans 25 to 100', () => {
    expect(computeIkm([answers(4, 4, 4, 4, 4, 4, 4, 4, 4)])).toMatchObject({ score: 100, grade: 'A' })
    expect(computeIkm([answers(1, 1, 1, 1, 1, 1, 1, 1, 1)])).toMatchObject({ score: 25, grade: 'D' })
    expect(computeIkm([])).toBeNull()
  })

  it('grades by the regulation interval table: A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99', () => {
    expect([100, 88.31, 88.3, 76.61, 76.6, 65, 64.99, 25].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D'])
  })

  it('groups respondents, e.g. by month', () => {
    const rows = [{ ...answers(4, 4, 4, 4, 4, 4, 4, 4, 4), m: '01' }, { ...answers(2, 2, 2, 2, 2, 2, 2, 2, 2), m: '02' }, { ...answers(3, 3, 3, 3, 3, 3, 3, 3, 3), m: '02' }]
    const byMonth = ikmBy(rows, (r) => r.m)
    expect(byMonth.get('01')!.score).toBe(100)
    expect(byMonth.get('02')).toMatchObject({ respondents: 2, score: 62.5, grade: 'D' })
  })

  it('accepts only 1–4 for each of the nine answers', () => {
    expect(parseSurvey({ u1: '4', u2: '3', u3: '2', u4: '1', u5: '4', u6: '4', u7: '4', u8: '4', u9: '4', saran: ' ok ' })).toMatchObject({ ok: true, value: { suggestion: 'ok' } })
    const bad = parseSurvey({ u1: '5', u2: '0', u3: 'x' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(Object.keys(bad.errors)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'])
  })
})
