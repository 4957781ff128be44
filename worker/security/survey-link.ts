import { hmacBase64Url, sameText } from './tokens'

// The survey link carries an HMAC of the case id under the deployment's survey secret (derived from
// the pepper under its own label, config.surveySecret): nothing to store, unguessable, and shown
// again on every visit to /cek. Single use comes from the one answer per case.

const mac = (secret: string, caseId: number) => hmacBase64Url(secret, `survei:${caseId}`)

/** The public survey path of a case: /survei/<ticket>/<mac>. */
export async function surveyPath(secret: string, kase: { id: number; ticket: string }): Promise<string> {
  return `/survei/${encodeURIComponent(kase.ticket)}/${mac(secret, kase.id)}`
}

/** Whether `given` is the survey mac of the case, compared in constant time. */
export async function isSurveyMac(secret: string, caseId: number, given: string): Promise<boolean> {
  return sameText(given, mac(secret, caseId))
}
