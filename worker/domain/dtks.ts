/**
 * Usulan to the national welfare register (issue 24, DTKS/DTSEN): Sigap cannot reach SIKS-NG, so
 * staff record that they handed the person's data to the kelurahan's SIKS-NG operator, and later
 * what came of it. Pure.
 */
import { readForm, type FormBody, type Parsed } from './form'
import { dtksOutcomes } from './glossary'

/** Who records an usulan and its outcome: the staff who coordinate a case with the kelurahan. */
export const dtksProposalRoles = ['operator', 'fasilitator', 'supervisor'] as const

export type DtksOutcome = keyof typeof dtksOutcomes

/** An usulan is for a person known not to be in the register; one already in it needs none. */
export function canProposeDtks(dtksStatus: string): boolean {
  return dtksStatus === 'tidak'
}

// The form's key, as randomToken() makes it: a double submit stores one record.
const formKey = /^[A-Za-z0-9_-]{16,64}$/
const expired = 'Formulir kedaluwarsa. Muat ulang halaman lalu kirim lagi.'

/** A new usulan: the day it went, to whom, a note; never a day after `today` (YYYY-MM-DD, local). */
export function parseDtksProposal(body: FormBody, today: string): Parsed<{ sentOn: string; sentTo: string; note: string | null; idem: string }> {
  const form = readForm(body)
  const sentOn = form.date('sent_on', 'Isi tanggal dikirim.')
  if (sentOn > today) form.fail('sent_on', 'Tanggal dikirim tidak boleh setelah hari ini.')
  const sentTo = form.text('sent_to', { max: 200, required: 'Tulis kepada siapa usulan dikirim (operator SIKS-NG kelurahan).', tooLong: 'Paling banyak 200 karakter.' })
  const note = form.text('note', { max: 1000, tooLong: 'Catatan paling banyak 1.000 karakter.' })
  const idem = form.str('idem')
  if (!formKey.test(idem)) form.fail('sent_to', expired)
  return form.done({ sentOn, sentTo, note, idem })
}

/** The outcome of an usulan as the SIKS-NG operator reported it, with a note. */
export function parseDtksOutcome(body: FormBody): Parsed<{ outcome: DtksOutcome; note: string | null; idem: string }> {
  const form = readForm(body)
  const outcome = form.choice('outcome', dtksOutcomes, 'Pilih hasil usulan.')
  const note = form.text('outcome_note', { max: 1000, tooLong: 'Catatan paling banyak 1.000 karakter.' })
  const idem = form.str('idem')
  if (!formKey.test(idem)) form.fail('outcome', expired)
  return form.done({ outcome, note, idem })
}
