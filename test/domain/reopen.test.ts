import { describe, expect, it } from 'vitest'
import { canReopen, reopenUntil } from '../../worker/domain/reopen'

const resolvedAt = Date.parse('2026-11-24T10:00:00+07:00')
const day = 86_400_000

describe('reopen window', () => {
  it('runs 7 days from the resolution whether the case is selesai or closed since', () => {
    expect(reopenUntil(resolvedAt)).toBe(resolvedAt + 7 * day)
    expect(canReopen({ status: 'selesai', resolvedAt }, resolvedAt + 6 * day)).toBe(true)
    expect(canReopen({ status: 'ditutup', resolvedAt }, resolvedAt + 6 * day)).toBe(true)
    expect(canReopen({ status: 'ditutup', resolvedAt }, resolvedAt + 7 * day + 1)).toBe(false)
  })

  it('never opens for a case that was not resolved or is open again', () => {
    expect(reopenUntil(null)).toBeNull()
    expect(canReopen({ status: 'ditolak', resolvedAt: null }, resolvedAt)).toBe(false)
    expect(canReopen({ status: 'ditangani', resolvedAt }, resolvedAt)).toBe(false)
  })
})
