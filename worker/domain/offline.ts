/**
 * What a facilitator's phone may keep for use without signal (issue 22; UU PDP: bounded, own data
 * only). The service worker (views/static/sw.js) keeps a page only when its response says so.
 */
import { openStatuses, type CaseStatus } from './case'

/** Whether the viewer's phone may keep this case page: a facilitator's own open case, nothing else. */
export function keepsOffline(viewer: { id: number; role: string }, kase: { assignedTo: number | null; status: string }): boolean {
  return viewer.role === 'fasilitator' && kase.assignedTo === viewer.id && openStatuses.includes(kase.status as CaseStatus)
}

/** At most this many case pages of Kasus saya (most urgent first) are fetched ahead for offline reading. */
export const offlineCaseLimit = 30
