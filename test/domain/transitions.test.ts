import { describe, expect, it } from 'vitest'
import { caseStatuses } from '../../worker/domain/case'
import { actions, allowedActions, decideAction, parseAction, refusal, type Action, type ActionInput, type CaseState } from '../../worker/domain/transitions'

const roles = ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota']
const open = ['baru', 'ditugaskan', 'ditangani', 'dirujuk']

// The rules of issue 4 written out by hand, so the table in the module is checked, not echoed.
const expected: Record<string, Partial<Record<Action, string[]>>> = {
  fasilitator: {
    accept: ['ditugaskan'],
    visit: ['ditangani', 'dirujuk'],
    refer: ['ditangani', 'dirujuk'],
    resolve: ['ditangani', 'dirujuk'],
    reject: ['ditugaskan', 'ditangani'],
    duplicate: ['ditugaskan', 'ditangani'],
  },
  supervisor: { assign: open, reject: open, duplicate: open, close: ['selesai'], send_back: ['selesai'] },
}

const now = Date.parse('2026-11-24T09:00:00+07:00')
const kase = (status: string, over: Partial<CaseState> = {}): CaseState => ({ id: 7, status, version: 3, assignedTo: 11, receivedAt: now - 5 * 3600_000, ...over })
const input = (over: Partial<ActionInput> = {}): ActionInput => ({ version: 3, note: 'catatan', location: null, ...over })

describe('case state machine', () => {
  for (const role of roles) {
    for (const status of caseStatuses) {
      const allowed = actions.filter((a) => expected[role]?.[a]?.includes(status))
      it(`lets ${role} on a ${status} case do exactly: ${allowed.join(', ') || 'nothing'}`, () => {
        expect(allowedActions(role, status)).toEqual(allowed)
        for (const action of actions) {
          const refused = refusal(kase(status), { role }, action, 3)
          if (allowed.includes(action)) expect(refused).toBeNull()
          else expect(refused).toMatchObject({ ok: false, problem: 'forbidden' })
        }
      })
    }
  }

  it('calls a form rendered at another version stale, before anything else', () => {
    expect(refusal(kase('ditugaskan'), { role: 'fasilitator' }, 'accept', 2)).toMatchObject({ problem: 'stale' })
    expect(refusal(kase('selesai'), { role: 'fasilitator' }, 'accept', 2)).toMatchObject({ problem: 'stale' })
  })

  it('stops the clock at selesai and stores the time to handle', () => {
    const d = decideAction(kase('ditangani'), { id: 11, role: 'fasilitator' }, 'resolve', input({ outcome: 'bantuan_diberikan' }), {}, now)
    expect(d).toMatchObject({ ok: true, patch: { status: 'selesai', version: 4, resolvedAt: now, handleMinutes: 300, outcome: 'bantuan_diberikan' }, event: { kind: 'resolve', from: 'ditangani', to: 'selesai' } })
  })

  it('restarts the clock when a supervisor sends a case back', () => {
    const d = decideAction(kase('selesai'), { id: 2, role: 'supervisor' }, 'send_back', input({ note: 'foto kurang' }), {}, now)
    expect(d).toMatchObject({ ok: true, patch: { status: 'ditangani', resolvedAt: null, handleMinutes: null }, event: { note: 'foto kurang' } })
  })

  it('makes the facilitator who accepts the one handling the case', () => {
    const d = decideAction(kase('ditugaskan', { assignedTo: 11 }), { id: 12, role: 'fasilitator' }, 'accept', input(), {}, now)
    expect(d).toMatchObject({ ok: true, patch: { status: 'ditangani', assignedTo: 12 } })
  })

  it('requires a reason to reject, to mark a duplicate and to send back', () => {
    const messages = { reject: 'Alasan penolakan wajib diisi.', duplicate: 'Alasan wajib diisi.', send_back: 'Alasan pengembalian wajib diisi.' }
    for (const [action, message] of Object.entries(messages) as [keyof typeof messages, string][]) {
      expect(parseAction(action, { version: '3', note: '  ', duplicate_of: '2611-0001' })).toMatchObject({ ok: false, errors: { note: message } })
    }
  })

  it('points a duplicate to another existing case only', () => {
    const actor = { id: 11, role: 'fasilitator' }
    const dup = input({ duplicateTicket: '2611-0001' })
    expect(decideAction(kase('ditangani'), actor, 'duplicate', dup, { duplicateOf: null }, now)).toMatchObject({ ok: false, problem: 'invalid', errors: { duplicate_of: expect.any(String) } })
    expect(decideAction(kase('ditangani'), actor, 'duplicate', dup, { duplicateOf: { id: 7, ticket: '2611-0007' } }, now)).toMatchObject({ ok: false, problem: 'invalid' })
    expect(decideAction(kase('ditangani'), actor, 'duplicate', dup, { duplicateOf: { id: 1, ticket: '2611-0001' } }, now)).toMatchObject({ ok: true, patch: { status: 'duplikat', duplicateOf: 1, closedAt: now } })
  })

  it('assigns to active facilitators only, and asks a reason to reassign', () => {
    const sup = { id: 2, role: 'supervisor' }
    const fac = { id: 20, role: 'fasilitator', active: true, displayName: 'Sari' }
    expect(decideAction(kase('baru', { assignedTo: null }), sup, 'assign', input({ note: '', assigneeId: 20 }), { assignee: fac }, now)).toMatchObject({ ok: true, patch: { status: 'ditugaskan', assignedTo: 20 } })
    expect(decideAction(kase('ditangani'), sup, 'assign', input({ note: '', assigneeId: 20 }), { assignee: fac }, now)).toMatchObject({ ok: false, errors: { note: expect.any(String) } })
    expect(decideAction(kase('ditangani'), sup, 'assign', input({ note: 'cuti', assigneeId: 20 }), { assignee: fac }, now)).toMatchObject({ ok: true, event: { from: 'ditangani', to: 'ditugaskan' } })
    expect(decideAction(kase('baru'), sup, 'assign', input({ assigneeId: 3 }), { assignee: { ...fac, role: 'operator' } }, now)).toMatchObject({ ok: false, errors: { assignee: expect.any(String) } })
    expect(decideAction(kase('baru'), sup, 'assign', input({ assigneeId: 20 }), { assignee: { ...fac, active: false } }, now)).toMatchObject({ ok: false })
  })

  it('keeps only a plausible GPS position, and none when the browser gave none', () => {
    expect(parseAction('visit', { version: '1', note: 'x', lat: '-0.0263', lng: '109.3425', accuracy: '12.4' })).toMatchObject({ ok: true, value: { location: { lat: -0.0263, lng: 109.3425, accuracyM: 12 } } })
    expect(parseAction('visit', { version: '1', note: 'x', lat: '', lng: '' })).toMatchObject({ ok: true, value: { location: null } })
    expect(parseAction('visit', { version: '1', note: 'x', lat: '99', lng: '10' })).toMatchObject({ ok: true, value: { location: null } })
  })

  it('asks for the partner and what was asked of them on a referral', () => {
    const parsed = parseAction('refer', { version: '1', partner_type: 'bogus' })
    expect(parsed).toMatchObject({ ok: false, errors: { partner_type: expect.any(String), partner_name: expect.any(String), request: expect.any(String) } })
  })
})
