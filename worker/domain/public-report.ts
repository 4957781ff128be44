import type { FieldErrors, FormBody, FormValues, Parsed } from './form'
import { parseIntake, type IntakeContext, type Report } from './intake'

/** Fields of the public /lapor form; the rest of a report is filled with "unknown" for the operator to complete. */
export const publicReportFields = ['reporter_name', 'reporter_phone', 'reporter_relation', 'person_name', 'kelurahan', 'address', 'landmark', 'category', 'description', 'consent', 'idem'] as const

// What the public cannot be expected to know; an operator corrects it when calling back.
const unknowns = { person_nik: '', person_age_group: 'tidak_diketahui', person_sex: 'tidak_diketahui', dtks_status: 'tidak_diketahui', urgency: 'biasa', rt: '', rw: '' }

/**
 * Validates the public form with the operators' rules (parseIntake, channel `online`, so the phone
 * is required) and requires consent: UU PDP 27/2022 Pasal 20(2)(a), explicit consent.
 */
export function parsePublicReport(body: FormBody, ctx: IntakeContext): Parsed<Report> {
  const values: FormValues = {}
  for (const field of publicReportFields) values[field] = typeof body[field] === 'string' ? (body[field] as string) : ''
  const result = parseIntake({ ...unknowns, ...values }, ctx, 'online')
  const errors: FieldErrors = result.ok ? {} : pick(result.errors)
  if (values.consent !== 'ya') errors.consent = 'Centang persetujuan agar laporan dapat dikirim.'
  if (!result.ok && Object.keys(errors).length === 0) errors.form = 'Laporan tidak dapat diproses; periksa kembali isian.'
  if (!result.ok || Object.keys(errors).length > 0) return { ok: false, values, errors }
  return { ok: true, value: result.value.report }
}

function pick(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => (publicReportFields as readonly string[]).includes(field)))
}
