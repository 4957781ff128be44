import type { Context } from 'hono'
import { IntakePage, type IntakeOptions, type IntakeService, type IntakeWhatsapp } from '../../views/pages/IntakePage'
import { enabledChannels, repliesToReporters } from '../config'
import { createIntakeCase } from '../db/queries/cases'
import { recordSighting } from '../db/queries/people'
import { attachConversation, conversationWaits, findConversation, linkToNewCase } from '../db/queries/whatsapp-desk'
import { caseScopeOf } from '../domain/access'
import { typedValues, type FieldErrors, type FormValues } from '../domain/form'
import { parseIntake, type Report } from '../domain/intake'
import { nameIndex, search } from '../domain/name-match'
import { newPersonOf, type NewPerson, type PersonQuery } from '../domain/person-match'
import { fieldsAtIntake, serviceValuesAtIntake } from '../domain/service-fields'
import { computeDueAt } from '../domain/sla'
import { ticketPrefix } from '../domain/ticket'
import type { AppEnv } from '../env'
import { unknownKelurahanOptions, type Reference } from '../reference'
import { page } from '../render'
import { randomToken } from '../security/tokens'
import { findCandidates } from './candidates'
import { serviceFieldsOf } from './service-fields'
import { viewerId, withSession, withSessionWrite } from '../session'

// The operator's intake form and its saving, shared by /intake and a report made from a WhatsApp
// conversation (routes/inbox.tsx, issue 21).

export const blankForm = (): FormValues => ({ idem: randomToken(), channel: 'telepon', person_age_group: 'tidak_diketahui', person_sex: 'tidak_diketahui', urgency: 'biasa', dtks_status: 'tidak_diketahui' })

export function kelurahanOptions(ref: Reference, query = ''): [string, string][] {
  // By kelurahan or kecamatan name, as people spell them (name-match.ts, shared with the import).
  const index = nameIndex(ref.kelurahan.map((k) => ({ value: k, names: [k.name, k.kecamatanName] })))
  // "Belum diketahui" whatever was typed, last so that an arrow key never picks it by chance.
  return [...search(query, index).map((k): [string, string] => [k.code, `${k.name} (Kec. ${k.kecamatanName})`]), ...unknownKelurahanOptions(ref)]
}

export function formOptions(ref: Reference): IntakeOptions {
  return { kelurahan: kelurahanOptions(ref), categories: ref.activeCategories.map((cat) => [String(cat.id), cat.name]) }
}

/** The chosen (active) category's fields: all of them to store, those the form shows, and whether they were on screen. */
export async function serviceOf(c: Context<AppEnv>, ref: Reference, body: Record<string, unknown>) {
  const id = Number(body.category)
  if (!ref.activeCategories.some((cat) => cat.id === id)) return null
  const all = await serviceFieldsOf(c, id)
  const shown: IntakeService = { categoryId: String(id), fields: fieldsAtIntake(all) }
  return { all, shown, wasShown: body.service_fields_for === String(id) }
}

/**
 * A report from a WhatsApp conversation (issue 21, routes/inbox.tsx): the form comes back to the
 * conversation's address, the channel is WhatsApp whatever was sent, the case is received at the
 * first message (its due time counts from there) and the conversation is linked in the same batch.
 */
export type WhatsappIntake = { view: IntakeWhatsapp; conversationId: number; receivedAt: number; photos: { messageId: number; size: number }[] }

/** The operator's report saved as a case (or a sighting), or the form again with what was typed. */
export async function submitIntake(c: Context<AppEnv>, sent: Record<string, unknown>, from?: WhatsappIntake) {
  const ref = await c.var.reference.get()
  const now = c.var.clock.now()
  const body = from ? { ...sent, channel: 'whatsapp' } : sent
  // Every answer but a saved case checks the session first (a batch of its own on a oneTrip route).
  const form = async (values: FormValues, errors: FieldErrors, more: Partial<Parameters<typeof IntakePage>[0]> = {}, status: 200 | 422 = 200) => {
    await withSession(c, [])
    return page(c, 'Laporan baru', <IntakePage values={values} errors={errors} options={formOptions(ref)} whatsapp={from?.view} {...more} />, { status })
  }
  const input = parseIntake(body, { categoryIds: ref.activeCategoryIds, kelurahanCodes: ref.reportKelurahanCodes, provinceCodes: ref.provinceCodes, now })
  const service = await serviceOf(c, ref, body)
  // Fields just put on screen are asked, not judged: their messages come once they were seen.
  const details = service?.wasShown ? serviceValuesAtIntake(service.all, body) : null
  if (!input.ok || (details && !details.ok)) {
    // A stale or forged key gets a fresh one so the corrected form can still be sent.
    const values = input.ok ? typedValues(body) : input.errors.idem ? { ...input.values, idem: randomToken() } : input.values
    const errors = { ...(input.ok ? {} : input.errors), ...(details && !details.ok ? details.errors : {}) }
    return form(values, errors, { service: service?.shown }, 422)
  }
  if (service && service.shown.fields.length > 0 && !service.wasShown) {
    // Without JavaScript the category's fields appear only now: a second step before saving.
    return form(typedValues(body), {}, { service: { ...service.shown, prompt: true } })
  }
  const { report, links } = input.value
  if (links.sightingOf !== null) {
    await withSession(c, [])
    const actorId = c.var.user!.id
    // Another call about an open case's person: a sighting on that case, not a case of its own (issue 23).
    const kelurahanName = ref.kelurahanByCode.get(report.kelurahanCode)?.name ?? report.kelurahanCode
    const eventNote = `Dilaporkan lagi oleh ${report.reporterName} di ${report.address}, ${kelurahanName}: ${report.description}`.slice(0, 1000)
    const caseId = await recordSighting(c.var.db, caseScopeOf(c.var.user!), report, links.sightingOf, { now, actorId, eventNote, channels: enabledChannels(c.var.config.alerts) })
    if (caseId !== null) {
      // The conversation belongs to that case from now on: its messages and photos go there.
      if (from) await attachConversation(c.var.db, { conversationId: from.conversationId, caseId, actorId, now, photos: from.photos, notes: [], replies: repliesToReporters(c.var.config.alerts) })
      return c.redirect(`/cases/${caseId}?done=penampakan#sightings`, 303)
    }
    const errors = { link: 'Kasus itu sudah tidak terbuka; pilih lagi, atau simpan sebagai laporan baru.' }
    return form({ ...typedValues(body), link: '' }, errors, { service: service?.shown }, 422)
  }
  const category = ref.categoryById.get(report.categoryId)!
  const receivedAt = from?.receivedAt ?? now
  const dueAt = computeDueAt(receivedAt, { hours: category.targetHours, clock: category.clock }, ref.calendar)
  const serviceValues = details?.ok && Object.keys(details.value).length > 0 ? details.value : null
  const person = newPersonOf(report, now)
  // A conversation's report is not a oneTrip route: its user is read already.
  const source = from && { receivedAt, guard: conversationWaits(from.conversationId), statements: linkToNewCase(report.idempotencyKey, { conversationId: from.conversationId, actorId: c.var.user!.id, now, photos: from.photos, replies: repliesToReporters(c.var.config.alerts) }) }
  const meta = { now, dueAt, actorId: viewerId(c), ticketPrefix: ticketPrefix(now, c.var.config.zone), serviceValues, person, source }
  // The session is checked in the batch that files the report (withSessionWrite).
  let created = await createIntakeCase(c.var.db, report, { ...meta, links }, (build) => withSessionWrite(c, build))
  if (!created && from) {
    // Someone else (another tab, another operator) turned the conversation into a case meanwhile.
    const taken = await findConversation(c.var.db, from.conversationId)
    if (taken?.conversation.caseId) return c.redirect(`/cases/${taken.conversation.caseId}`, 303)
    if (taken?.conversation.status !== 'baru') return c.redirect(`/inbox/${from.conversationId}`, 303)
  }
  if (!created) {
    // Without JavaScript the candidates were not on screen: the confirmation step shows them first.
    const candidates = await findCandidates(c, personQueryOf(ref, report, person, now))
    if (candidates.length > 0) return form(typedValues(body), {}, { service: service?.shown, candidates, zone: c.var.config.zone })
    created = (await createIntakeCase(c.var.db, report, { ...meta, actorId: c.var.user!.id, links: { ...links, candidatesSeen: true } }))!
  }
  return c.redirect(`/cases/${created.id}?baru=1`, 303)
}

/** What matching compares for a complete report (a placeholder name too: staff reuse "Tn. X Pasar Flamboyan"). */
function personQueryOf(ref: Reference, report: Report, person: NewPerson, now: number): PersonQuery {
  return {
    nik: report.personNik,
    phone: report.reporterPhone,
    name: report.personName,
    birthYear: person.birthYear,
    sex: report.personSex,
    categoryId: report.categoryId,
    kelurahanCode: report.kelurahanCode,
    kecamatanCode: ref.kelurahanByCode.get(report.kelurahanCode)?.kecamatanCode ?? null,
    features: `${report.personFeatures ?? ''} ${report.description}`,
    at: now,
  }
}

