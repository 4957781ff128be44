// The survey link carries an HMAC of the case id under the deployment's secret: nothing to store,
// unguessable, and shown again on every visit to /cek. Single use comes from the one answer per case.

async function mac(secret: string, caseId: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`survei:${caseId}`)))
  // 128 bits are plenty for a link that only opens a questionnaire.
  return btoa(String.fromCharCode(...signature.slice(0, 16))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The public survey path of a case: /survei/<ticket>/<mac>. */
export async function surveyPath(secret: string, kase: { id: number; ticket: string }): Promise<string> {
  return `/survei/${encodeURIComponent(kase.ticket)}/${await mac(secret, kase.id)}`
}

/** Whether `given` is the survey mac of the case, compared in constant time. */
export async function isSurveyMac(secret: string, caseId: number, given: string): Promise<boolean> {
  const expected = await mac(secret, caseId)
  if (given.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i)
  return diff === 0
}
