/**
 * The month part of a ticket number ("2611" for November 2026 in the deployment's zone): tickets
 * read as "2611-0042", short enough to spell out over the phone.
 */
export function ticketPrefix(receivedAt: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: '2-digit', month: '2-digit' }).formatToParts(receivedAt)
  const part = (type: string) => parts.find((p) => p.type === type)!.value
  return `${part('year')}${part('month')}`
}
