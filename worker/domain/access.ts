/**
 * Which cases a user may see: facilitators those of their own kelurahan plus any a supervisor
 * assigned to them across kelurahan lines (`assigneeId`); everyone else all.
 */
export type CaseScope = { kind: 'all' } | { kind: 'kelurahan'; codes: readonly string[]; assigneeId?: number }

export function caseScopeOf(user: { id?: number; role: string; kelurahan: readonly string[] }): CaseScope {
  return user.role === 'fasilitator' ? { kind: 'kelurahan', codes: user.kelurahan, assigneeId: user.id } : { kind: 'all' }
}
