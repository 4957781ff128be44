/** Every role a user account can have; `mitra` is a user of a partner organisation. */
export const roles = ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota', 'mitra'] as const
export type Role = (typeof roles)[number]

/** The signed-in user as every request sees it. */
export type SessionUser = { id: number; username: string; displayName: string; role: Role; kelurahan: string[]; sessionId: string; mustChangePassword?: boolean; unreadAlerts?: number; waWaiting?: number; secondFactor?: boolean; crew?: boolean }

// NIST SP 800-63B AAL2 (SECURITY.md): 30 minutes idle, 12 hours absolute.
export const sessionIdleMs = 30 * 60_000
export const sessionAbsoluteMs = 12 * 60 * 60_000

/**
 * Which cases a user may see (README, Security: the table of roles). Facilitators: those of their
 * own kelurahan plus any a supervisor assigned to them across kelurahan lines (`assigneeId`).
 * Asisten and Wali Kota: only the cases the ladder escalated to them, i.e. those they were alerted
 * about (DOMAIN.md: "read those escalated cases and the figures, nothing else"). The agency's own
 * desk (operator, supervisor, kepala, admin): all.
 */
export type CaseScope =
  | { kind: 'all' }
  | { kind: 'kelurahan'; codes: readonly string[]; assigneeId?: number }
  | { kind: 'escalated'; userId: number }
  // The scope of a session's user not read yet, chosen in SQL (worker/session.ts viewerScope); with
  // `only`, the scope of that kind, matching nothing unless the user's role has it (viewerScopes).
  | { kind: 'session'; sessionId: string; only?: ScopeKind }

export type ScopeKind = 'all' | 'kelurahan' | 'escalated'
export const scopeKinds: readonly ScopeKind[] = ['all', 'kelurahan', 'escalated']

/** The roles whose scope is not 'all' (caseScopeOf; in SQL, worker/db/queries/scope.ts sessionCaseScope). */
export const scopedRoles = { kelurahan: ['fasilitator'], escalated: ['asisten', 'walikota'] } as const satisfies Record<string, readonly Role[]>

export function caseScopeOf(user: { id: number; role: string; kelurahan: readonly string[] }): CaseScope {
  if ((scopedRoles.kelurahan as readonly string[]).includes(user.role)) return { kind: 'kelurahan', codes: user.kelurahan, assigneeId: user.id }
  if ((scopedRoles.escalated as readonly string[]).includes(user.role)) return { kind: 'escalated', userId: user.id }
  return { kind: 'all' }
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
