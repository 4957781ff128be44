/**
 * The escalation ladder and the rules around alerts: when each rung of a case is due, who hears of
 * a catch-up once, quiet hours and the daily digest. Pure: takes `now`.
 *
 * Seed `000_…` (Surabaya): settled at the agency; if not, by the Asisten; if not, by the Wali Kota.
 */

import { localParts } from './zone'

const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000

export type Rung = {
  rung: number
  label: string
  /** Rung ≥ 1: hours after the previous rung (rung 1: after the target). */
  afterHours: number
  /** Rung 0 only: the reminder fires at this share of the target, in percent. */
  targetPercent: number | null
  notifyAssignee: boolean
  roles: string[]
  userIds: number[]
}

/** Rung 0 reminds the facilitator at 75 % of the target; then facilitator+supervisor, Kepala Dinas, Asisten, Wali Kota. */
export const defaultLadder: Rung[] = [
  { rung: 0, label: 'Pengingat sebelum target', afterHours: 0, targetPercent: 75, notifyAssignee: true, roles: [], userIds: [] },
  { rung: 1, label: 'Melewati target: fasilitator dan supervisor', afterHours: 0, targetPercent: null, notifyAssignee: true, roles: ['supervisor'], userIds: [] },
  { rung: 2, label: 'Eskalasi ke Kepala Dinas', afterHours: 24, targetPercent: null, notifyAssignee: false, roles: ['kepala'], userIds: [] },
  { rung: 3, label: 'Eskalasi ke Asisten', afterHours: 48, targetPercent: null, notifyAssignee: false, roles: ['asisten'], userIds: [] },
  { rung: 4, label: 'Eskalasi ke Wali Kota', afterHours: 96, targetPercent: null, notifyAssignee: false, roles: ['walikota'], userIds: [] },
]

/** When a rung starts, relative to the case: a share of the target (rung 0) or ms after `due_at`. */
export type RungStart = { rung: number; kind: 'share'; percent: number } | { rung: number; kind: 'after_due'; offsetMs: number }

/** The ladder as start rules, in rung order; rung n ≥ 1 adds up the hours of rungs 1..n. */
export function rungStarts(ladder: readonly Rung[]): RungStart[] {
  const sorted = [...ladder].sort((a, b) => a.rung - b.rung)
  let offset = 0
  return sorted.map((r): RungStart => {
    if (r.rung === 0) return { rung: 0, kind: 'share', percent: clampPercent(r.targetPercent ?? 75) }
    offset += Math.max(0, r.afterHours) * HOUR_MS
    return { rung: r.rung, kind: 'after_due', offsetMs: offset }
  })
}

function clampPercent(p: number): number {
  return Math.min(99, Math.max(1, Math.round(p)))
}

/** The moment `start` is reached for a case received at `receivedAt` and due at `dueAt`. */
export function rungStartsAt(start: RungStart, receivedAt: number, dueAt: number): number {
  // Integer arithmetic as the sweep's SQL does it, so both agree to the millisecond.
  return start.kind === 'share' ? receivedAt + Math.floor(((dueAt - receivedAt) * start.percent) / 100) : dueAt + start.offsetMs
}

// The sweep decides rungs and recipients in SQL (db/queries/sweep.ts), which is what scales to every
// open case in one batch. dueRungs and alertRungs say the same rule in plain code: a property test
// (test/jobs/sweep-oracle.test.ts) holds the SQL to them on random ladders, cases, people and clocks.
// A change to who hears of a rung is made in both places.

/**
 * The rungs a case has reached at `now`: none once the clock stopped (`selesai` or later).
 * A case swept late gets every rung it passed; `alertRungs` decides who hears of which.
 */
export function dueRungs(kase: { receivedAt: number; dueAt: number; clockStopped: boolean }, ladder: readonly Rung[], now: number): number[] {
  if (kase.clockStopped) return []
  return rungStarts(ladder)
    .filter((s) => rungStartsAt(s, kase.receivedAt, kase.dueAt) <= now)
    .map((s) => s.rung)
}

/** Whether `user` stands on rung `r` of a case: as its assignee, by role or by name; active accounts only. */
function standsOnRung(r: Rung, kase: { assignedTo: number | null }, user: { id: number; role: string; active: boolean }): boolean {
  return user.active && ((r.notifyAssignee && user.id === kase.assignedTo) || r.roles.includes(user.role) || r.userIds.includes(user.id))
}

/**
 * Who hears of rung `reached` of a case: its own people, or, when nobody active stands on it (no
 * Asisten account yet), the nearest rung below that has someone (issue 17): never into the void.
 * Null when no rung up to `reached` has anyone.
 */
export function recipientRung(reached: number, ladder: readonly Rung[], kase: { assignedTo: number | null }, users: readonly { id: number; role: string; active: boolean }[]): number | null {
  const below = ladder.filter((r) => r.rung <= reached).sort((a, b) => b.rung - a.rung)
  return below.find((r) => users.some((u) => standsOnRung(r, kase, u)))?.rung ?? null
}

/**
 * Who is alerted for rungs reached in one pass: each person once, for the highest of those rungs
 * they hear of (a catch-up after an outage does not send one alert per missed rung).
 */
export function alertRungs(rungs: readonly number[], ladder: readonly Rung[], kase: { assignedTo: number | null }, users: readonly { id: number; role: string; active: boolean }[]): Map<number, number> {
  const byPerson = new Map<number, number>()
  for (const reached of [...rungs].sort((a, b) => a - b)) {
    const via = ladder.find((r) => r.rung === recipientRung(reached, ladder, kase, users))
    if (!via) continue
    for (const u of users) if (standsOnRung(via, kase, u)) byPerson.set(u.id, reached)
  }
  return byPerson
}

/**
 * The rungs nobody would hear of today (issue 17): no active account stands on them by role or by
 * name, and they do not tell the case's facilitator; their alerts go to the rung below. `quiet`:
 * someone stands on it but has neither a WhatsApp number nor an e-mail, so only Sigap's inbox tells them.
 */
export function unreachableRungs(ladder: readonly Rung[], users: readonly { id: number; role: string; active: boolean; phone: string | null; email: string | null }[]): { rung: number; label: string; quiet: boolean; fallback: string | null }[] {
  const sorted = [...ladder].sort((a, b) => a.rung - b.rung)
  const onRung = (r: Rung) => users.filter((u) => u.active && (r.roles.includes(u.role) || r.userIds.includes(u.id)))
  const problems: { rung: number; label: string; quiet: boolean; fallback: string | null }[] = []
  for (const [i, r] of sorted.entries()) {
    if (r.notifyAssignee) continue
    const people = onRung(r)
    if (people.length > 0 && people.some((u) => u.phone || u.email)) continue
    const fallback = people.length > 0 ? null : (sorted.slice(0, i).reverse().find((b) => b.notifyAssignee || onRung(b).length > 0)?.label ?? null)
    problems.push({ rung: r.rung, label: r.label, quiet: people.length > 0, fallback })
  }
  return problems
}

/**
 * What is wrong with a rung of a ladder an admin wrote, given the rung number before it (null for
 * the first), in Indonesian; null when usable. Rungs run 0 or 1, 2, 3… without gaps; each rung ≥ 2
 * comes some hours after the one before (at 0 hours it would fire with its predecessor); every
 * rung tells someone.
 */
export function rungProblem(r: Pick<Rung, 'rung' | 'afterHours' | 'notifyAssignee' | 'roles' | 'userIds'>, previous: number | null): string | null {
  const expected = previous === null ? (r.rung === 0 ? 0 : 1) : previous + 1
  if (r.rung !== expected) return `Anak tangga tidak berurutan: setelah ${previous === null ? 'awal' : `anak tangga ${previous}`} harus ${expected}.`
  if (r.rung >= 2 && r.afterHours <= 0) return 'Anak tangga harus datang setelah yang sebelumnya: isi jam lebih dari 0.'
  if (!r.notifyAssignee && r.roles.length === 0 && r.userIds.length === 0) return 'Pilih siapa yang diberi tahu pada anak tangga ini.'
  return null
}

export type QuietHours = { start: string; end: string } | null

/**
 * When a message may go out on WhatsApp or e-mail: `now`, or the end of the user's quiet hours
 * (local 'HH:MM', may span midnight). Urgent cases override quiet hours.
 */
export function sendableAt(now: number, quiet: QuietHours, zone: string, urgent: boolean): number {
  if (!quiet || urgent) return now
  const start = minutesOf(quiet.start)
  const end = minutesOf(quiet.end)
  if (start === null || end === null || start === end) return now
  const local = localTime(now, zone)
  const m = local.minutes
  const inside = start < end ? m >= start && m < end : m >= start || m < end
  if (!inside) return now
  // Quiet hours end today, or tomorrow when they span midnight and it is still evening.
  return local.midnight + (end > m ? end : end + 1440) * MINUTE_MS
}

/** 'HH:MM' → minutes after midnight, or null. */
export function minutesOf(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text)
  if (!m) return null
  const h = Number(m[1])
  const min = Number(m[2])
  return h < 24 && min < 60 ? h * 60 + min : null
}

/** The local day and time of `now` in `zone`: 'YYYY-MM-DD', minutes after midnight, and that midnight as UTC ms. */
export function localTime(now: number, zone: string): { day: string; minutes: number; midnight: number } {
  const p = localParts(now, zone)
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (now % 1000)
  const offset = wall - now
  const dayStartWall = Date.UTC(p.year, p.month - 1, p.day)
  return { day: new Date(dayStartWall).toISOString().slice(0, 10), minutes: p.hour * 60 + p.minute, midnight: dayStartWall - offset }
}

// The digest goes out at 07:00 local time (issue 5), once per local day.
export const digestLocalMinutes = 7 * 60

/** The local day whose digest is due at `now` (07:00 or later), or null before 07:00. */
export function digestDayAt(now: number, zone: string): string | null {
  const t = localTime(now, zone)
  return t.minutes >= digestLocalMinutes ? t.day : null
}

/** Yesterday in the deployment's zone as [start, end) UTC ms, for "handled within target yesterday". */
export function yesterdayWindow(now: number, zone: string): { start: number; end: number } {
  const t = localTime(now, zone)
  return { start: t.midnight - 24 * HOUR_MS, end: t.midnight }
}

export type DigestFigures = {
  day: string
  open: number
  overdue: number
  overdueByKelurahan: { name: string; count: number }[]
  overdueByCategory: { name: string; count: number }[]
  /** Cases whose target fell yesterday, and how many of them were `selesai` by it. */
  dueYesterday: number
  handledWithinTarget: number
  /** Whole percent, or null when nothing was due yesterday. */
  handledPercent: number | null
  /** Open cases late or due today, per kelurahan and per holder (null: nobody assigned); absent in digests stored before issue 20. */
  attentionByKelurahan?: Attention[]
  attentionByHolder?: Attention[]
  /** The longest-late open cases: ticket, kelurahan, minutes past target at digest time. */
  oldestLate?: { ticket: string; kelurahan: string; minutes: number }[]
  /** Escalations sent yesterday: ticket, rung, to whom. */
  escalatedYesterday?: { ticket: string; rung: number; to: string }[]
}

export type Attention = { name: string | null; overdue: number; dueToday: number }

/** The digest's figures from counted rows; the largest groups first. */
export function digestFigures(input: {
  day: string
  open: number
  overdueByKelurahan: { name: string; count: number }[]
  overdueByCategory: { name: string; count: number }[]
  dueYesterday: number
  handledWithinTarget: number
  attentionByKelurahan: Attention[]
  attentionByHolder: Attention[]
  oldestLate: { ticket: string; kelurahan: string; minutes: number }[]
  escalatedYesterday: { ticket: string; rung: number; to: string }[]
}): DigestFigures {
  const byNeed = (a: Attention, b: Attention) => b.overdue - a.overdue || b.dueToday - a.dueToday || (a.name ?? '').localeCompare(b.name ?? '')
  const byCount = (a: { name: string; count: number }, b: { name: string; count: number }) => b.count - a.count || a.name.localeCompare(b.name)
  return {
    day: input.day,
    open: input.open,
    overdue: input.overdueByKelurahan.reduce((sum, r) => sum + r.count, 0),
    overdueByKelurahan: [...input.overdueByKelurahan].sort(byCount),
    overdueByCategory: [...input.overdueByCategory].sort(byCount),
    dueYesterday: input.dueYesterday,
    handledWithinTarget: input.handledWithinTarget,
    handledPercent: input.dueYesterday > 0 ? Math.round((100 * input.handledWithinTarget) / input.dueYesterday) : null,
    attentionByKelurahan: [...input.attentionByKelurahan].sort(byNeed),
    attentionByHolder: [...input.attentionByHolder].sort(byNeed),
    oldestLate: input.oldestLate,
    escalatedYesterday: input.escalatedYesterday,
  }
}

/** The answers a person gives to an escalation or reminder, and what the timeline and inbox call them. */
export const acknowledgements = { dilihat: 'Sudah dilihat', ditangani: 'Saya tangani' } as const
export type Acknowledgement = keyof typeof acknowledgements

/** Whether `next` may replace the answer given so far: "saya tangani" may follow "sudah dilihat", not the reverse. */
export function canAcknowledge(given: Acknowledgement | null, next: Acknowledgement): boolean {
  return given === null || (given === 'dilihat' && next === 'ditangani')
}

/** The steps of a referral's deadlines (issue 24): a reminder to the partner, then word to the case's holder and supervisor. */
export const referralStepNames = ['accept_remind', 'accept_escalate', 'outcome_remind', 'outcome_escalate'] as const
export type ReferralStep = (typeof referralStepNames)[number]

/**
 * The steps of a referral due at `now`: none once the case left `dirujuk` (the partner declined, or
 * the facilitator took it back); the accept steps until the partner answered at all, the outcome steps
 * until it reported `selesai` or `ditolak`. A referral swept late gets every step it passed.
 */
export function referralSteps(r: { caseStatus: string; answered: boolean; finished: boolean } & Record<'acceptDueAt' | 'acceptEscalateAt' | 'outcomeDueAt' | 'outcomeEscalateAt', number>, now: number): ReferralStep[] {
  if (r.caseStatus !== 'dirujuk') return []
  const at: Record<ReferralStep, { when: number; met: boolean }> = {
    accept_remind: { when: r.acceptDueAt, met: r.answered },
    accept_escalate: { when: r.acceptEscalateAt, met: r.answered },
    outcome_remind: { when: r.outcomeDueAt, met: r.finished },
    outcome_escalate: { when: r.outcomeEscalateAt, met: r.finished },
  }
  return referralStepNames.filter((s) => !at[s].met && at[s].when <= now)
}

/** Who hears of a step: the partner's own users for a reminder, the case's holder and the supervisors after. */
export const referralStepAudience = (step: ReferralStep): 'partner' | 'holder' => (step.endsWith('_remind') ? 'partner' : 'holder')

/** The timeline's and the alert's words for a step: who missed what, by when, and who is told now. */
export function referralStepNote(step: ReferralStep, partnerName: string, dueText: string): string {
  const what = step.startsWith('accept') ? 'belum menjawab rujukan (terima atau tolak)' : 'belum melaporkan hasil rujukan'
  const told = referralStepAudience(step) === 'partner' ? 'Pengingat dikirim ke mitra.' : 'Diteruskan ke pemegang kasus dan supervisor.'
  return `${partnerName} ${what}, batas ${dueText}. ${told}`
}
