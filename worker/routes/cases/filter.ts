import type { CaseFilter, RangeFilter } from '../../db/queries/cases'
import { caseStatuses } from '../../domain/case'
import { parsePeriod, periodMs, periodText } from '../../domain/figures'

/** A period query value (`2026-11-01..2026-11-30`) as the UTC range of those local days. */
function rangeOf(text: string | undefined, offsetMinutes: number): RangeFilter | undefined {
  const p = parsePeriod(text)
  return p ? { text: periodText(p), ...periodMs(p, offsetMinutes) } : undefined
}

/** The case list's query string as a filter; the list and its CSV export read it alike. */
export function parseFilter(query: Record<string, string>, offsetMinutes = 0): CaseFilter {
  const page = Number(query.page)
  const category = Number(query.category)
  const assignee = Number(query.assignee)
  return {
    open: query.open === '1',
    assignee: query.assignee !== undefined && query.assignee !== '' && Number.isSafeInteger(assignee) && assignee >= 0 ? assignee : undefined,
    received: rangeOf(query.received, offsetMinutes),
    handled: rangeOf(query.handled, offsetMinutes),
    within: query.within === '1' ? true : query.within === '0' ? false : undefined,
    escalated: query.escalated === '1',
    q: query.q?.trim().slice(0, 100) || undefined,
    status: (caseStatuses as readonly string[]).includes(query.status ?? '') ? query.status : undefined,
    kelurahan: /^[\d.]{1,20}$/.test(query.kelurahan ?? '') ? query.kelurahan : undefined,
    category: Number.isSafeInteger(category) && category > 0 ? category : undefined,
    overdue: query.overdue === '1',
    page: Number.isSafeInteger(page) && page > 0 && page < 100_000 ? page : 1,
  }
}
