// Building a DateTimeFormat costs more than the rest of an intake's validation; reuse one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * The month part of a ticket number ("2611" for November 2026 in the deployment's zone): tickets
 * read as "2611-0042", short enough to spell out over the phone.
 */
export function ticketPrefix(receivedAt: number, zone: string): string {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: '2-digit', month: '2-digit' })
    formatters.set(zone, f)
  }
  const parts = f.formatToParts(receivedAt)
  const part = (type: string) => parts.find((p) => p.type === type)!.value
  return `${part('year')}${part('month')}`
}
