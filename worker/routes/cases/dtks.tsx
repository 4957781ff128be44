import { Hono } from 'hono'
import { createDtksProposal, recordDtksOutcome } from '../../db/queries/dtks'
import { canProposeDtks, dtksProposalRoles, parseDtksOutcome, parseDtksProposal } from '../../domain/dtks'
import { formatDay, todayOf, zoneOffsetMinutes } from '../../domain/figures'
import { calendarDay, formatCalendarDay } from '../../domain/format'
import { dtksOutcomes } from '../../domain/glossary'
import type { AppEnv } from '../../env'
import { casePage, loadCase } from '../../pages/case'
import { requireRole } from '../../security/middleware'

/** Usulan to DTKS/DTSEN through the kelurahan's SIKS-NG operator (issue 24), mounted at /cases. */
export const caseDtks = new Hono<AppEnv>()

const checkFields = 'Belum tersimpan. Periksa isian yang ditandai.'

caseDtks.post('/:id{[0-9]+}/dtks', requireRole(...dtksProposalRoles), async (c) => {
  const detail = await loadCase(c)
  const k = detail.case
  if (!canProposeDtks(k.dtksStatus)) return casePage(c, detail, { status: 409, dtks: { message: { kind: 'bad', text: 'Usulan hanya dicatat untuk orang yang tidak terdaftar di DTKS.' } } })
  const now = c.var.clock.now()
  const today = formatDay(todayOf(now, zoneOffsetMinutes(c.var.config.zone, now)).from)
  const parsed = parseDtksProposal(await c.req.parseBody().catch(() => ({})), today)
  if (!parsed.ok) return casePage(c, detail, { status: 422, dtks: { message: { kind: 'bad', text: checkFields }, failed: { values: parsed.values, errors: parsed.errors } } })
  const { sentOn, sentTo, note, idem } = parsed.value
  const eventNote = `Dikirim ${formatCalendarDay(calendarDay(sentOn))} kepada ${sentTo}${note ? `. ${note}` : ''}`
  const created = await createDtksProposal(c.var.db, { caseId: k.id, sentOn, sentTo, idem, actorId: c.var.user!.id, now, eventNote })
  if (!created) return casePage(c, detail, { status: 409, dtks: { message: { kind: 'bad', text: 'Usulan dari formulir ini sudah tercatat.' } } })
  return c.redirect(`/cases/${k.id}?done=dtks#dtks`, 303)
})

caseDtks.post('/:id{[0-9]+}/dtks/:proposalId{[0-9]+}/hasil', requireRole(...dtksProposalRoles), async (c) => {
  const detail = await loadCase(c)
  const k = detail.case
  const proposalId = Number(c.req.param('proposalId'))
  const parsed = parseDtksOutcome(await c.req.parseBody().catch(() => ({})))
  if (!parsed.ok) return casePage(c, detail, { status: 422, dtks: { message: { kind: 'bad', text: checkFields }, failed: { proposal: proposalId, values: parsed.values, errors: parsed.errors } } })
  const { outcome, note, idem } = parsed.value
  const eventNote = `${dtksOutcomes[outcome]}${note ? `. ${note}` : ''}`
  const recorded = await recordDtksOutcome(c.var.db, { caseId: k.id, proposalId, outcome, idem, actorId: c.var.user!.id, now: c.var.clock.now(), eventNote })
  if (!recorded) return casePage(c, detail, { status: 409, dtks: { message: { kind: 'bad', text: 'Hasil ini sudah tercatat, atau usulannya tidak ada pada kasus ini.' } } })
  return c.redirect(`/cases/${k.id}?done=dtks-hasil#dtks`, 303)
})
