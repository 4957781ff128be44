// Only local paths: an attacker's link must not turn sign-in into an open redirect. Printable ASCII
// only: browsers drop tabs and newlines from URLs ("/\t/evil" becomes "//evil"), and other
// characters cannot go into a Location header at all.
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x20-\x7e]*$/.test(next) ? next : '/'
}
