import { localParts } from './zone'

const twoDigits = (n: number) => String(n % 100).padStart(2, '0')

/**
 * The month part of a ticket number ("2611" for November 2026 in the deployment's zone): tickets
 * read as "2611-0042", short enough to spell out over the phone.
 */
export function ticketPrefix(receivedAt: number, zone: string): string {
  const { year, month } = localParts(receivedAt, zone)
  return `${twoDigits(year)}${twoDigits(month)}`
}
