/**
 * Which cases a user may see: facilitators those of their own kelurahan plus any a supervisor
 * assigned to them across kelurahan lines (`assigneeId`); everyone else all.
 */
export type CaseScope = { kind: 'all' } | { kind: 'kelurahan'; codes: readonly string[]; assigneeId?: number }

export function caseScopeOf(user: { id?: number; role: string; kelurahan: readonly string[] }): CaseScope {
  return user.role === 'fasilitator' ? { kind: 'kelurahan', codes: user.kelurahan, assigneeId: user.id } : { kind: 'all' }
}

// Desk staff who ride a vehicle work from its trips; a supervisor or the Kepala on a crew as a
// stand-in keeps the page of their own office (issue 17).
const crewFirst = new Set(['operator', 'fasilitator'])
const homes: Record<string, string> = {
  operator: '/intake',
  fasilitator: '/my-cases',
  supervisor: '/queue',
  kepala: '/dashboard',
  asisten: '/dashboard',
  walikota: '/dashboard',
  admin: '/admin',
  mitra: '/mitra',
}

/** The page each user works from: where sign-in and the brand link land (issue 17). */
export function homeOf(user: { role: string; crew?: boolean }): string {
  if (user.crew && crewFirst.has(user.role)) return '/crew'
  return homes[user.role] ?? '/cases'
}

/** Who reads the dashboard, recaps and reports (issue 7), and may export case lists. */
export const dashboardRoles = ['supervisor', 'kepala', 'admin', 'asisten', 'walikota'] as const
