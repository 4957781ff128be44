/**
 * Messages to the reporter (issue 20): the survey link of a closed case. Pure: what the template
 * says and when a citizen may be written to.
 */
import type { QuietHours } from './escalation'

/** A citizen is not written to at night: a case closed at 22:00 sends its link at 07:00. */
export const reporterQuietHours: QuietHours = { start: '21:00', end: '07:00' }

/** The body variables of the survey template (SIGAP_WHATSAPP_SURVEY_TEMPLATE): the ticket and the survey URL. */
export function surveyTemplateParams(ticket: string, surveyUrl: string): string[] {
  return [ticket, surveyUrl]
}
