import { describe, expect, it } from 'vitest'
import {
  alertRungs,
  defaultLadder,
  digestDayAt,
  digestFigures,
  dueRungs,
  referralStepAudience,
  referralStepNote,
  referralSteps,
  rungProblem,
  rungStarts,
  sendableAt,
  yesterdayWindow,
} from '../../worker/domain/escalation'

const HOUR = 3_600_000
const received = Date.parse('2026-11-24T09:00:00+07:00')
const kase = { receivedAt: received, dueAt: received + 24 * HOUR, clockStopped: false }
const at = (hours: number) => received + Math.round(hours * HOUR)

describe('escalation ladder', () => {
  it('starts rungs at 75 % of the target, at the target, then 24, 48 and 96 further hours', () => {
    expect(rungStarts(defaultLadder)).toEqual([
      { rung: 0, kind: 'share', percent: 75 },
      { rung: 1, kind: 'after_due', offsetMs: 0 },
      { rung: 2, kind: 'after_due', offsetMs: 24 * HOUR },
      { rung: 3, kind: 'after_due', offsetMs: 72 * HOUR },
      { rung: 4, kind: 'after_due', offsetMs: 168 * HOUR },
    ])
  })

  it.each([
    [17, []],
    [18, [0]],
    [23 + 59 / 60, [0]],
    [24, [0, 1]],
    [24 + 1 / 60, [0, 1]],
    [48, [0, 1, 2]],
    [72, [0, 1, 2]],
    [96, [0, 1, 2, 3]],
    [200, [0, 1, 2, 3, 4]],
  ])('a case %f hours old has reached rungs %j', (hours, rungs) => {
    expect(dueRungs(kase, defaultLadder, at(hours))).toEqual(rungs)
  })

  it('reaches nothing once the clock stopped', () => {
    expect(dueRungs({ ...kase, clockStopped: true }, defaultLadder, at(200))).toEqual([])
  })

  it('alerts each active person once, for the highest rung they stand on', () => {
    const users = [
      { id: 1, role: 'fasilitator', active: true },
      { id: 2, role: 'supervisor', active: true },
      { id: 3, role: 'kepala', active: true },
      { id: 4, role: 'asisten', active: true },
      { id: 5, role: 'walikota', active: true },
      { id: 6, role: 'fasilitator', active: true },
      { id: 7, role: 'kepala', active: false },
    ]
    expect(alertRungs([0, 1, 2, 3, 4], defaultLadder, { assignedTo: 1 }, users)).toEqual(new Map([[1, 1], [2, 1], [3, 2], [4, 3], [5, 4]]))
    expect(alertRungs([0], defaultLadder, { assignedTo: null }, users)).toEqual(new Map())
    const named = defaultLadder.map((r) => (r.rung === 3 ? { ...r, userIds: [6] } : r))
    expect(alertRungs([2, 3], named, { assignedTo: 1 }, users)).toEqual(new Map([[3, 2], [4, 3], [6, 3]]))
  })

  it('holds a ladder to rungs in order, each after the one before, each telling someone', () => {
    const check = (ladder: readonly { rung: number; afterHours: number; notifyAssignee: boolean; roles: string[]; userIds: number[] }[]) =>
      ladder.map((r, i) => rungProblem(r, i === 0 ? null : ladder[i - 1]!.rung))
    expect(check(defaultLadder)).toEqual([null, null, null, null, null])
    expect(check(defaultLadder.slice(1))).toEqual([null, null, null, null])
    expect(check([defaultLadder[0]!, defaultLadder[2]!])).toEqual([null, 'Anak tangga tidak berurutan: setelah anak tangga 0 harus 1.'])
    expect(check([defaultLadder[2]!])).toEqual(['Anak tangga tidak berurutan: setelah awal harus 1.'])
    expect(check([defaultLadder[1]!, { ...defaultLadder[2]!, afterHours: 0 }])).toEqual([null, 'Anak tangga harus datang setelah yang sebelumnya: isi jam lebih dari 0.'])
    expect(check([{ ...defaultLadder[1]!, afterHours: 0 }])).toEqual([null])
    expect(check([{ ...defaultLadder[1]!, notifyAssignee: false, roles: [] }])).toEqual(['Pilih siapa yang diberi tahu pada anak tangga ini.'])
    expect(check([{ ...defaultLadder[1]!, notifyAssignee: false, roles: [], userIds: [4] }])).toEqual([null])
  })
})

describe('quiet hours', () => {
  const zone = 'Asia/Pontianak'
  it('holds a message until quiet hours end, across midnight, unless urgent', () => {
    const quiet = { start: '21:00', end: '06:00' }
    expect(sendableAt(Date.parse('2026-11-24T23:00:00+07:00'), quiet, zone, false)).toBe(Date.parse('2026-11-25T06:00:00+07:00'))
    expect(sendableAt(Date.parse('2026-11-25T05:59:00+07:00'), quiet, zone, false)).toBe(Date.parse('2026-11-25T06:00:00+07:00'))
    expect(sendableAt(Date.parse('2026-11-25T06:00:00+07:00'), quiet, zone, false)).toBe(Date.parse('2026-11-25T06:00:00+07:00'))
    expect(sendableAt(Date.parse('2026-11-24T23:00:00+07:00'), quiet, zone, true)).toBe(Date.parse('2026-11-24T23:00:00+07:00'))
    expect(sendableAt(Date.parse('2026-11-24T12:00:00+07:00'), { start: '12:00', end: '13:30' }, 'Asia/Makassar', false)).toBe(Date.parse('2026-11-24T13:30:00+08:00'))
    expect(sendableAt(Date.parse('2026-11-24T23:00:00+07:00'), null, zone, false)).toBe(Date.parse('2026-11-24T23:00:00+07:00'))
  })
})

describe('daily digest', () => {
  it('is due from 07:00 local time, for that local day', () => {
    expect(digestDayAt(Date.parse('2026-11-24T06:59:00+07:00'), 'Asia/Pontianak')).toBeNull()
    expect(digestDayAt(Date.parse('2026-11-24T07:00:00+07:00'), 'Asia/Pontianak')).toBe('2026-11-24')
    expect(digestDayAt(Date.parse('2026-11-24T07:00:00+07:00'), 'Asia/Makassar')).toBe('2026-11-24') // 08:00 WITA
    expect(digestDayAt(Date.parse('2026-11-24T05:30:00+07:00'), 'Asia/Makassar')).toBeNull() // 06:30 WITA
  })

  it('counts yesterday in the local zone and rounds the share handled within target', () => {
    expect(yesterdayWindow(Date.parse('2026-11-24T07:00:00+07:00'), 'Asia/Pontianak')).toEqual({ start: Date.parse('2026-11-23T00:00:00+07:00'), end: Date.parse('2026-11-24T00:00:00+07:00') })
    const f = digestFigures({ day: '2026-11-24', open: 9, overdueByKelurahan: [{ name: 'B', count: 1 }, { name: 'A', count: 3 }], overdueByCategory: [], dueYesterday: 3, handledWithinTarget: 2, attentionByKelurahan: [], attentionByHolder: [{ name: 'B', overdue: 0, dueToday: 2 }, { name: null, overdue: 1, dueToday: 0 }], oldestLate: [], escalatedYesterday: [] })
    expect(f).toMatchObject({ overdue: 4, handledPercent: 67, overdueByKelurahan: [{ name: 'A', count: 3 }, { name: 'B', count: 1 }], attentionByHolder: [{ name: null, overdue: 1 }, { name: 'B', dueToday: 2 }] })
    expect(digestFigures({ day: 'x', open: 0, overdueByKelurahan: [], overdueByCategory: [], dueYesterday: 0, handledWithinTarget: 0, attentionByKelurahan: [], attentionByHolder: [], oldestLate: [], escalatedYesterday: [] }).handledPercent).toBeNull()
  })
})

describe('referral deadline steps (issue 24)', () => {
  const r = { caseStatus: 'dirujuk', answered: false, finished: false, acceptDueAt: 100, acceptEscalateAt: 200, outcomeDueAt: 300, outcomeEscalateAt: 400 }
  it('take each step at its time until the partner answered, then until it reported a result', () => {
    expect(referralSteps(r, 99)).toEqual([])
    expect(referralSteps(r, 100)).toEqual(['accept_remind'])
    expect(referralSteps(r, 400)).toEqual(['accept_remind', 'accept_escalate', 'outcome_remind', 'outcome_escalate'])
    expect(referralSteps({ ...r, answered: true }, 400)).toEqual(['outcome_remind', 'outcome_escalate'])
    expect(referralSteps({ ...r, answered: true, finished: true }, 400)).toEqual([])
    expect(referralSteps({ ...r, caseStatus: 'ditangani' }, 400)).toEqual([])
  })
  it('tell the partner first and the holder after, in words', () => {
    expect(referralStepAudience('accept_remind')).toBe('partner')
    expect(referralStepAudience('outcome_escalate')).toBe('holder')
    expect(referralStepNote('outcome_remind', 'BAZNAS', '1 Des 2026 16.00 WIB')).toBe('BAZNAS belum melaporkan hasil rujukan, batas 1 Des 2026 16.00 WIB. Pengingat dikirim ke mitra.')
  })
})
