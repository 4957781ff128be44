/**
 * Messages to the reporter (issues 20 and 21): what each reply says, as free text inside WhatsApp's
 * 24-hour customer-service window or as an approved template outside it, and when a citizen may be
 * written to. Pure.
 */
import { readForm, type FormBody, type Parsed } from './form'
import { readOfficeHours, weekdayNames, weekdays, profileKeys } from './admin-forms'
import { defaultOfficeHours, type IsoWeekday, type OfficeDay } from './sla'
import type { QuietHours } from './escalation'
import type { ReplyFailure } from './glossary'

/** A citizen is not written to at night: a case closed at 22:00 sends its link at 07:00. */
export const reporterQuietHours: QuietHours = { start: '21:00', end: '07:00' }

/** WhatsApp lets a business answer freely for 24 hours after the person's last message (Cloud API, "customer service window"). */
export const serviceWindowMs = 24 * 60 * 60_000

/** `survei` is issue 20's close message, kept for rows queued before `selesai` carried the survey link. */
export const reporterPurposes = ['survei', 'diterima', 'tiket', 'dirujuk', 'selesai', 'ditolak'] as const
export type ReporterPurpose = (typeof reporterPurposes)[number]
/** What a caller may queue now (never `survei`). */
export type ReplyPurpose = Exclude<ReporterPurpose, 'survei'>

/**
 * The template of each reply outside the window, its settings key, its default name and its body
 * variables in order (what the Dinas submits to Meta). `selesai` keeps issue 20's survey template.
 */
export const replyTemplates = {
  diterima: { key: 'whatsapp.template.diterima', fallback: 'sigap_diterima', label: 'Pesan diterima (balasan otomatis)', variables: ['nama instansi', 'jam layanan', 'nomor darurat'] },
  tiket: { key: 'whatsapp.template.tiket', fallback: 'sigap_tiket', label: 'Nomor tiket', variables: ['nomor tiket', 'tautan cek laporan'] },
  dirujuk: { key: 'whatsapp.template.dirujuk', fallback: 'sigap_dirujuk', label: 'Laporan dirujuk', variables: ['nomor tiket', 'nama lembaga rujukan'] },
  selesai: { key: 'whatsapp.template.selesai', fallback: 'sigap_survei', label: 'Laporan selesai dan tautan survei', variables: ['nomor tiket', 'tautan survei'] },
  ditolak: { key: 'whatsapp.template.ditolak', fallback: 'sigap_ditolak', label: 'Bukan laporan Dinas Sosial', variables: ['alasan', 'nomor darurat'] },
} as const satisfies Record<ReplyPurpose, { key: string; fallback: string; label: string; variables: readonly string[] }>
export const replyLanguageKey = 'whatsapp.template.language'

/** Template names and language as stored (settings) over the deployment's defaults (env). */
export type ReplyTemplateSettings = { names: Record<ReplyPurpose, string>; language: string }

export function replyTemplateSettings(settings: ReadonlyMap<string, string>, defaults: { surveyTemplate: string; language: string }): ReplyTemplateSettings {
  const names = {} as Record<ReplyPurpose, string>
  for (const [purpose, t] of Object.entries(replyTemplates) as [ReplyPurpose, (typeof replyTemplates)[ReplyPurpose]][]) {
    names[purpose] = settings.get(t.key) || (purpose === 'selesai' ? defaults.surveyTemplate : t.fallback)
  }
  return { names, language: settings.get(replyLanguageKey) || defaults.language }
}

// Meta: template names are lower-case letters, digits and underscores; language codes like id, en_US.
const templateName = /^[a-z0-9_]{1,512}$/
const languageCode = /^[a-z]{2,3}(_[A-Z]{2})?$/

/** The settings form's template part: fields `template_<purpose>` and `template_language`; empty means the default. */
export function parseReplyTemplates(body: FormBody): Parsed<Record<ReplyPurpose | 'language', string>> {
  const f = readForm(body)
  const out = {} as Record<ReplyPurpose | 'language', string>
  for (const purpose of Object.keys(replyTemplates) as ReplyPurpose[]) {
    const name = f.text(`template_${purpose}`, { max: 100 }) ?? ''
    if (name && !templateName.test(name)) f.fail(`template_${purpose}`, 'Nama template hanya huruf kecil, angka dan garis bawah, persis seperti di WhatsApp Manager.')
    out[purpose] = name
  }
  out.language = f.text('template_language', { max: 10 }) ?? ''
  if (out.language && !languageCode.test(out.language)) f.fail('template_language', 'Kode bahasa seperti id atau en_US.')
  return f.done(out)
}

/** What the replies need of the agency's profile: its name, office hours and numbers. */
export type ReplyAgency = { name: string; officeHours: string; emergency: string }

export function replyAgencyOf(settings: ReadonlyMap<string, string>): ReplyAgency {
  const hotline = settings.get(profileKeys.hotline)
  return {
    name: settings.get(profileKeys.name) || 'Dinas Sosial',
    officeHours: officeHoursText(readOfficeHours(settings.get(profileKeys.officeHours), defaultOfficeHours)),
    // 112 is the national emergency number; the agency's own line beside it when it has one.
    emergency: hotline ? `112 atau ${hotline}` : '112',
  }
}

/** "Senin–Jumat 08.00–16.00, Sabtu 08.00–12.00": runs of days with the same hours. */
export function officeHoursText(hours: Record<IsoWeekday, OfficeDay>): string {
  const runs: { from: IsoWeekday; to: IsoWeekday; day: NonNullable<OfficeDay> }[] = []
  for (const d of weekdays) {
    const day = hours[d]
    if (!day) continue
    const last = runs.at(-1)
    if (last && last.to === d - 1 && last.day.start === day.start && last.day.end === day.end) last.to = d
    else runs.push({ from: d, to: d, day })
  }
  if (runs.length === 0) return 'lihat pengumuman kantor'
  const dot = (t: string) => t.replace(':', '.')
  const dayName = (d: IsoWeekday) => (d === 5 ? 'Jumat' : weekdayNames[d])
  return runs.map((r) => `${dayName(r.from)}${r.to === r.from ? '' : `–${dayName(r.to)}`} ${dot(r.day.start)}–${dot(r.day.end)}`).join(', ')
}

/** One reply as the send job knows it: purpose and what its text needs (each may be missing). */
export type ReplyFacts = {
  purpose: ReporterPurpose
  ticket: string | null
  partnerName: string | null
  reason: string | null
  /** /cek?tiket=… (tiket) or the survey link (selesai, survei). */
  link: string | null
}

/** How one reply goes: free text inside the window, the approved template outside it. */
export type ReplyMessage = { kind: 'text'; body: string } | { kind: 'template'; name: string; language: string; params: string[] }

/** Whether the recipient wrote to us less than 24 hours ago (a number that never wrote: no). */
export const insideServiceWindow = (lastInboundAt: number | null, now: number) => lastInboundAt !== null && now - lastInboundAt < serviceWindowMs

/** The reply's text and its template's variables, or which fact it lacks (the row then fails with it). */
export function replyMessage(f: ReplyFacts, agency: ReplyAgency, templates: ReplyTemplateSettings, inWindow: boolean): ReplyMessage | { missing: string } {
  const purpose: ReplyPurpose = f.purpose === 'survei' ? 'selesai' : f.purpose
  const words = wording(purpose, f, agency)
  if ('missing' in words) return words
  return inWindow ? { kind: 'text', body: words.body } : { kind: 'template', name: templates.names[purpose], language: templates.language, params: words.params }
}

function wording(purpose: ReplyPurpose, f: ReplyFacts, agency: ReplyAgency): { body: string; params: string[] } | { missing: string } {
  const { ticket, link } = f
  switch (purpose) {
    case 'diterima':
      return {
        body: `Terima kasih, pesan Anda sudah diterima ${agency.name}. Petugas kami akan menanggapi pada jam layanan: ${agency.officeHours}. Untuk keadaan darurat, hubungi ${agency.emergency}.`,
        params: [agency.name, agency.officeHours, agency.emergency],
      }
    case 'tiket':
      if (!ticket || !link) return { missing: 'nomor tiket' }
      return { body: `Laporan Anda sudah dicatat dengan nomor tiket ${ticket}. Simpan nomor ini untuk memantau perkembangan laporan di ${link}`, params: [ticket, link] }
    case 'dirujuk':
      if (!ticket || !f.partnerName) return { missing: 'lembaga rujukan' }
      return { body: `Laporan ${ticket} telah dirujuk kepada ${f.partnerName} untuk ditindaklanjuti. Kami tetap memantau sampai laporan selesai.`, params: [ticket, f.partnerName] }
    case 'selesai':
      if (!ticket || !link) return { missing: 'tautan survei' }
      return { body: `Laporan ${ticket} telah selesai ditangani dan ditutup. Terima kasih atas laporan Anda. Mohon luangkan satu menit untuk menilai layanan kami: ${link}`, params: [ticket, link] }
    case 'ditolak':
      if (!f.reason) return { missing: 'alasan penolakan' }
      return {
        body: `Mohon maaf, pesan Anda tidak dapat kami tindak lanjuti sebagai laporan ${agency.name}: ${f.reason}. Untuk keadaan darurat, hubungi ${agency.emergency}.`,
        params: [f.reason, agency.emergency],
      }
  }
}

/**
 * Why a reply failed for good, from the error stored on its row: the send's HTTP answer, WhatsApp's
 * error code in a status webhook (Cloud API error codes), or the job's own reason. The page names it
 * with replyFailureLabels; the stored text (a code, "HTTP 400") is never shown.
 */
export function replyFailureOf(lastError: string | null): ReplyFailure {
  const error = lastError ?? ''
  const whatsapp = /^WhatsApp: (\d+)/.exec(error)?.[1]
  // Refused when sent: "HTTP 400", or with Graph's reason, "WhatsApp: 131047 … (HTTP 400)".
  const http = Number(/(?:^|\()HTTP (\d{3})\)?$/.exec(error)?.[1] ?? 0)
  if (error.startsWith('survei sudah diisi')) return 'survei_terisi'
  if (error.startsWith('tidak dapat dikirim:')) return 'isi_kurang'
  if (error === 'no phone number') return 'tanpa_nomor'
  if (whatsapp === '131047') return 'jendela'
  if (whatsapp === '131026') return 'tidak_terdaftar'
  if (whatsapp === '131050') return 'berhenti'
  if (whatsapp?.startsWith('132')) return 'template'
  if (whatsapp === '131049' || whatsapp === '131056' || whatsapp === '130429' || http === 429) return 'dibatasi'
  if (whatsapp === '190' || http === 401 || http === 403) return 'token'
  if (http >= 500 || /^(TypeError|TimeoutError|AbortError)\b|network error/.test(error)) return 'tidak_terjangkau'
  if (http >= 400) return 'ditolak'
  return 'lainnya'
}
