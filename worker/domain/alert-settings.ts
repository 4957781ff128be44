import type { AlertChannelName } from './channels'
import { minutesOf } from './escalation'
import { readForm, type FormBody, type FormValues, type Parsed } from './form'

export type AlertSettings = { whatsapp: boolean; email: boolean; webhook: boolean; push: boolean; quietStart: string | null; quietEnd: string | null }

/** The form's values for stored settings (checkboxes as '1' or ''). */
export function alertSettingsValues(s: AlertSettings): FormValues {
  const on = (b: boolean) => (b ? '1' : '')
  return { whatsapp: on(s.whatsapp), email: on(s.email), webhook: on(s.webhook), push: on(s.push), quiet_start: s.quietStart ?? '', quiet_end: s.quietEnd ?? '' }
}

/**
 * A person's channels and quiet hours, whoever sets them (the person, or an admin for them). Only
 * channels this deployment offers can be switched on (no mass assignment of others).
 */
export function parseAlertSettings(body: FormBody, available: readonly AlertChannelName[]): Parsed<AlertSettings> {
  const form = readForm(body)
  const on = (ch: AlertChannelName) => form.flag(ch) && available.includes(ch)
  const channels = { whatsapp: on('whatsapp'), email: on('email'), webhook: on('webhook'), push: on('push') }
  const time = (name: 'quiet_start' | 'quiet_end') => {
    const value = form.str(name)
    if (value && minutesOf(value) === null) form.fail(name, 'Isi jam dengan format JJ:MM, misalnya 21:00.')
    return value || null
  }
  const quietStart = time('quiet_start')
  const quietEnd = time('quiet_end')
  if (form.ok && Boolean(quietStart) !== Boolean(quietEnd)) form.fail(quietStart ? 'quiet_end' : 'quiet_start', 'Isi jam mulai dan selesai, atau kosongkan keduanya.')
  return form.done({ ...channels, quietStart, quietEnd })
}
