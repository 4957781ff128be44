// Roles that see many people's personal data or change who may see it (SECURITY.md finding 2,
// ASVS 5.0 6.3.3): a password alone does not open their session.
export const secondFactorRoles: ReadonlySet<string> = new Set(['admin', 'kepala', 'supervisor', 'asisten', 'walikota'])

/** Whether a role must give a TOTP code (or a recovery code) after its password. */
export function needsSecondFactor(role: string): boolean {
  return secondFactorRoles.has(role)
}

/** Paths a half-signed-in session (password given, second factor not yet) may reach. */
export function isOpenBeforeSecondFactor(path: string): boolean {
  return path === '/2fa' || path === '/logout' || path.startsWith('/static/') || path === '/healthz'
}
