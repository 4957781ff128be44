import { writeNamedBatch } from '../db/batch'
import type { Db } from '../db/client'
import { digestStatements, loadDigestCounts, loadSweepState, recordReferralSteps, sweepChunkStatements, type DueReferral, type StepWrite } from '../db/queries/sweep'
import type { AlertChannelName } from '../domain/channels'
import { digestDayAt, digestFigures, referralStepAudience, referralStepNote, referralSteps, rungStarts, yesterdayWindow } from '../domain/escalation'
import { formatDateTime } from '../domain/format'
import { randomToken } from '../security/tokens'

export type SweepOptions = {
  /** The deployment's zone: the digest goes out at 07:00 there. */
  zone: string
  /** Outside channels this deployment can send on; the inbox is always on. */
  channels?: readonly AlertChannelName[]
  /** Cases per write batch: small enough for a Worker's round trip and libSQL's 5 s transaction slot. */
  chunkSize?: number
  /** Test seam: called after each committed chunk (a crash test throws here). */
  afterChunk?: (chunk: number) => void | Promise<void>
}

export type SweepReport = {
  escalations: { caseId: number; ticket: string; rung: number }[]
  cases: number
  alerts: number
  messages: number
  chunks: number
  digest: string | null
  /** Partner deadline steps taken (issue 24): reminders to partners, then word to holders and supervisors. */
  referralSteps: { ticket: string; step: string }[]
}

export const defaultChunkSize = 500

/**
 * One sweep as of `now`: records every rung reached by open cases (once: a unique key on case and
 * rung), marks them overdue, alerts the people on those rungs and queues their outside messages, and
 * sends the daily digest once after 07:00 local time. Safe to run twice at once, after a crash or
 * late: what it does depends on the database, not on when it last ran.
 */
export async function sweep(db: Db, now: number, opts: SweepOptions): Promise<SweepReport> {
  const channels = opts.channels ?? ['whatsapp', 'email', 'webhook']
  const chunkSize = opts.chunkSize ?? defaultChunkSize
  const day = digestDayAt(now, opts.zone)
  const state = await loadSweepState(db, day, now)
  const starts = rungStarts(state.ladder)
  const report: SweepReport = { escalations: [], cases: 0, alerts: 0, messages: 0, chunks: 0, digest: null, referralSteps: [] }

  // The digest rides in the first chunk's batch; its own unique key (the local day) keeps it single.
  let figures = day && !state.digestSent ? digestFigures({ day, ...(await loadDigestCounts(db, now, yesterdayWindow(now, opts.zone))) }) : null
  for (;;) {
    const run = randomToken()
    const digest: Partial<ReturnType<typeof digestStatements>> = figures && day ? digestStatements({ day, now, run, figures }) : {}
    // An empty ladder has no schedule to select with: nothing to do but the digest.
    const chunk: Partial<ReturnType<typeof sweepChunkStatements>> = starts.length > 0 ? sweepChunkStatements({ starts, now, run, limit: chunkSize, channels }) : {}
    const done = await writeNamedBatch(db, { ...digest, ...chunk })
    report.chunks++
    if (done.digest) {
      if (done.digest.rowsAffected > 0) report.digest = day
      figures = null
    }
    const rows = (done.recorded?.rows ?? []).map((r) => ({ caseId: Number(r.caseId), ticket: String(r.ticket), rung: Number(r.rung) }))
    const counts = done.counts?.rows[0]
    report.escalations.push(...rows)
    report.alerts += Number(counts?.alerts ?? 0)
    report.messages += Number(counts?.messages ?? 0)
    const cases = new Set(rows.map((r) => r.caseId)).size
    report.cases += cases
    await opts.afterChunk?.(report.chunks)
    // A chunk that found fewer cases than it could take, or left none behind, was the last one.
    if (cases < chunkSize || Number(done.remaining?.rows[0]?.remaining ?? 1) === 0 || starts.length === 0) break
  }
  await sweepReferrals(db, state.dueReferrals, now, opts.zone, channels, report)
  return report
}

/**
 * Partner deadlines (issue 24): the domain decides which steps of each candidate referral are due
 * (referralSteps, on the times partnerDeadlines computed from the agency's calendar); one batch
 * records them. A step already taken is left out here and refused by its key in the batch.
 */
async function sweepReferrals(db: Db, candidates: DueReferral[], now: number, zone: string, channels: readonly AlertChannelName[], report: SweepReport) {
  const steps: StepWrite[] = []
  for (const referral of candidates) {
    for (const step of referralSteps(referral, now).filter((s) => !referral.done.has(s))) {
      const due = step.startsWith('accept') ? referral.acceptDueAt : referral.outcomeDueAt
      steps.push({ referral, step, audience: referralStepAudience(step), note: referralStepNote(step, referral.partnerName, formatDateTime(due, zone)) })
    }
  }
  if (steps.length === 0) return
  const done = await recordReferralSteps(db, { steps, now, run: randomToken(), channels })
  report.alerts += done.alerts
  const tickets = new Map(steps.map((s) => [s.referral.id, s.referral.ticket]))
  report.referralSteps.push(...done.recorded.map((r) => ({ ticket: tickets.get(r.referralId)!, step: r.step })))
}
