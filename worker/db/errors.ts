import { LibsqlError } from '@libsql/client'

// Codes libSQL gives when the database cannot be reached or is locked past busy_timeout.
const unavailableCodes = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SERVER_ERROR', 'HRANA_WEBSOCKET_ERROR', 'HTTP_ERROR'])

/** Whether an error means "the database is not there right now" rather than a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let current: unknown = err
  while (current instanceof Error) {
    if (current instanceof LibsqlError && [...unavailableCodes].some((code) => current instanceof LibsqlError && current.code.startsWith(code))) return true
    if (current instanceof TypeError && /fetch failed|network/i.test(current.message)) return true
    current = current.cause
  }
  return false
}
