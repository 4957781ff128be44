/**
 * The reporter's right to reopen a finished case (issue 17, item 4): /cek promises it until a
 * date, so the promise depends only on when the case was resolved, not on what staff did since.
 */
import type { CaseStatus } from './case'

export const reopenWindowMs = 7 * 24 * 60 * 60_000

/** A resolved case stays reopenable after a supervisor closes it: closing must not break the promise. */
export const reopenableStatuses: readonly CaseStatus[] = ['selesai', 'ditutup']

/** Until when the reporter may reopen a case resolved at `resolvedAt`; null when it never was. */
export function reopenUntil(resolvedAt: number | null): number | null {
  return resolvedAt === null ? null : resolvedAt + reopenWindowMs
}

/** Whether the reporter may reopen the case at `now`. */
export function canReopen(kase: { status: string; resolvedAt: number | null }, now: number): boolean {
  const until = reopenUntil(kase.resolvedAt)
  return until !== null && now <= until && (reopenableStatuses as readonly string[]).includes(kase.status)
}
