import { describe, expect, it } from 'vitest'
import { caseStatuses, openStatuses } from '../../worker/domain/case'
import { isIdempotencyKey } from '../../worker/domain/idempotency'
import { keepsOffline } from '../../worker/domain/offline'

describe('what a phone keeps offline (issue 22)', () => {
  const fac = { id: 7, role: 'fasilitator' }
  it('keeps only the facilitator’s own open cases', () => {
    for (const status of caseStatuses) expect(keepsOffline(fac, { assignedTo: 7, status })).toBe(openStatuses.includes(status))
    expect(keepsOffline(fac, { assignedTo: 8, status: 'ditangani' })).toBe(false)
    expect(keepsOffline(fac, { assignedTo: null, status: 'baru' })).toBe(false)
    for (const role of ['operator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota', 'mitra']) expect(keepsOffline({ id: 7, role }, { assignedTo: 7, status: 'ditangani' })).toBe(false)
  })
})

describe('idempotency keys', () => {
  it('takes 16 to 64 URL-safe characters and nothing else', () => {
    expect(isIdempotencyKey('abcdefghijklmnop')).toBe(true)
    expect(isIdempotencyKey('A-_9'.repeat(16))).toBe(true)
    for (const bad of ['abcdefghijklmno', 'a'.repeat(65), 'abcdefghijklmnop=', 'abcdefghijklmnop ', undefined, 42, ['abcdefghijklmnop']]) expect(isIdempotencyKey(bad)).toBe(false)
  })
})
