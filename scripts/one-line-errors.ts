// Loaded before every npm script (package.json: `tsx --import ./scripts/one-line-errors.ts …`): the
// people who run them are IT staff at a terminal, so a failure prints one line saying what went wrong
// and exits 1, never a stack trace or a 45-line LibsqlError. SIGAP_DEBUG=1 prints the whole error.

/** The message of an error and of what caused it, on one line. */
export function oneLine(err: unknown): string {
  const parts: string[] = []
  for (let e: unknown = err; e && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    const message = e instanceof Error ? e.message : String(e)
    const first = message.split('\n')[0]!.trim()
    if (first && !parts.some((p) => p.includes(first))) parts.push(first)
    if (!(e instanceof Error)) break
  }
  return parts.join(': ') || 'failed'
}

function fail(err: unknown) {
  console.error(process.env.SIGAP_DEBUG ? err : `error: ${oneLine(err)}`)
  process.exit(1)
}
process.on('uncaughtException', fail)
process.on('unhandledRejection', fail)
