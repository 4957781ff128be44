import type { Attention, DigestFigures } from '../domain/escalation'
import { formatDate, formatDateTime, formatTimeLeft } from '../domain/format'
import type { alertKindLabels } from '../domain/glossary'

/** What an alert is about, as the inbox and the outbox read it. */
export type AlertContent = {
  id: number
  kind: keyof typeof alertKindLabels
  caseId: number | null
  rung: number | null
  rungLabel: string | null
  ticket: string | null
  dueAt: number | null
  categoryName: string | null
  kelurahanName: string | null
  digestDay: string | null
  figures: string | null
  note: string | null
  createdAt: number
  /** Display name of the facilitator holding the case; null when nobody is assigned. */
  holder: string | null
  /** Who the rungs before this one reached, e.g. "Sari (tingkat 1)". */
  earlierRungs: string | null
}

export type RenderedAlert = {
  title: string
  /** The lines between title and link: a notification's body. */
  detail: string
  text: string
  /** Absolute link that opens the alert (its case, and the answer to give), the digest or the inbox in one tap. */
  link: string
  /** Body variables of the WhatsApp template, in order: title, detail, link. */
  templateParams: [string, string, string]
}

/**
 * One wording for every channel. Carries the ticket, category and kelurahan, never the person's
 * name, NIK or condition: messages leave the agency's systems (UU PDP 27/2022).
 */
export function renderAlert(a: AlertContent, ctx: { origin: string; zone: string }): RenderedAlert {
  // An escalation or reminder asks for an answer: its own page shows the case's context and the buttons.
  const link = a.kind === 'eskalasi' || a.kind === 'pengingat' ? `${ctx.origin}/alerts/${a.id}` : a.caseId !== null ? `${ctx.origin}/cases/${a.caseId}` : a.digestDay ? `${ctx.origin}/alerts/digest/${a.digestDay}` : `${ctx.origin}/alerts`
  let title: string
  let detail: string
  switch (a.kind) {
    case 'pengingat':
      title = `Pengingat: kasus ${a.ticket} mendekati target`
      detail = `${a.categoryName}, ${a.kelurahanName}. Target ${a.dueAt ? formatDateTime(a.dueAt, ctx.zone) : '-'}. Pemegang: ${a.holder ?? 'belum ditugaskan'}.`
      break
    case 'eskalasi': {
      title = `Kasus ${a.ticket} melewati target (tingkat ${a.rung})`
      // How late when the rung was reached: the message says the same whenever it is delivered.
      const late = a.dueAt === null ? '' : `, ${formatTimeLeft({ overdue: true, minutes: (a.createdAt - a.dueAt) / 60_000 })}`
      detail = [
        `${a.rungLabel ?? ''}. ${a.categoryName}, ${a.kelurahanName}. Target ${a.dueAt ? formatDateTime(a.dueAt, ctx.zone) : '-'}${late}.`,
        `Pemegang: ${a.holder ?? 'belum ditugaskan'}.`,
        a.earlierRungs ? `Sudah diberi tahu: ${a.earlierRungs}.` : '',
      ]
        .filter(Boolean)
        .join(' ')
      break
    }
    case 'ringkasan': {
      const f = parseFigures(a.figures)
      title = `Ringkasan harian ${a.digestDay ? formatDate(Date.parse(`${a.digestDay}T12:00:00Z`), 'UTC') : ''}`
      detail = f ? digestText(f) : ''
      break
    }
    case 'jawaban_mitra':
      title = `Jawaban mitra untuk kasus ${a.ticket}`
      detail = a.note ?? ''
      break
    case 'tenggat_mitra':
      title = `Mitra melewati batas waktu untuk kasus ${a.ticket}`
      detail = a.note ?? ''
      break
    case 'jawaban_tamu':
      title = `Jawaban kontak kelurahan untuk kasus ${a.ticket}`
      detail = a.note ?? ''
      break
    case 'penampakan':
      // The sighting itself (who called, where, what they saw) stays on the case page.
      title = `Laporan lagi tentang orang pada kasus ${a.ticket}`
      detail = `${a.categoryName}, ${a.kelurahanName}. Ada penampakan baru; lihat halaman kasus.`
      break
    case 'gagal_kirim':
      title = 'Pengiriman pesan gagal'
      detail = a.note ?? ''
      break
    case 'gagal_cadangan':
      title = 'Pencadangan data gagal'
      detail = a.note ?? ''
      break
  }
  // WhatsApp refuses a template parameter with a line break: the digest's lines join with a middle dot there.
  return { title, detail, text: `${title}\n${detail}\n${link}`, link, templateParams: [title, detail.replace(/\n/g, ' · '), link] }
}

/**
 * The digest as a phone shows it: a few short lines, the three largest groups of each kind, staff
 * names and tickets only. The full tables are on the digest page the link opens.
 */
export function digestText(f: DigestFigures): string {
  const top = <T>(rows: T[] | undefined) => (rows ?? []).slice(0, 3)
  const need = (r: Attention) => `${r.name ?? 'belum ditugaskan'} ${r.overdue}/${r.dueToday}`
  const lines = [
    `Kasus terbuka ${f.open}, terlambat ${f.overdue}. Target kemarin: ${f.handledWithinTarget} dari ${f.dueYesterday} tertangani tepat waktu${f.handledPercent === null ? '' : ` (${f.handledPercent}%)`}.`,
  ]
  if (f.attentionByKelurahan?.length) lines.push(`Terlambat/jatuh hari ini per kelurahan: ${top(f.attentionByKelurahan).map(need).join('; ')}.`)
  if (f.attentionByHolder?.length) lines.push(`Per pemegang: ${top(f.attentionByHolder).map(need).join('; ')}.`)
  if (f.oldestLate?.length) lines.push(`Paling lama: ${top(f.oldestLate).map((c) => `${c.ticket} ${c.kelurahan} ${formatTimeLeft({ overdue: true, minutes: c.minutes })}`).join('; ')}.`)
  if (f.escalatedYesterday?.length) lines.push(`Eskalasi kemarin: ${top(f.escalatedYesterday).map((e) => `${e.ticket} tk ${e.rung} ke ${e.to}`).join('; ')}${f.escalatedYesterday.length > 3 ? ` (+${f.escalatedYesterday.length - 3})` : ''}.`)
  return lines.join('\n')
}

export function parseFigures(text: string | null): DigestFigures | null {
  if (!text) return null
  try {
    return JSON.parse(text) as DigestFigures
  } catch {
    return null
  }
}
