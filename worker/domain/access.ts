/** Which cases a user may see: facilitators only those of their own kelurahan, everyone else all. */
export type CaseScope = { kind: 'all' } | { kind: 'kelurahan'; codes: readonly string[] }

export function caseScopeOf(user: { role: string; kelurahan: readonly string[] }): CaseScope {
  return user.role === 'fasilitator' ? { kind: 'kelurahan', codes: user.kelurahan } : { kind: 'all' }
}
