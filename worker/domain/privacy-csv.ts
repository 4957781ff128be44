/**
 * The two privacy downloads as CSV (UU PDP Pasal 31 and 32, issue 19): the audit log and one data
 * subject's cases with their history and processing trail. A person reads them in a spreadsheet, so
 * every code is shown by its glossary label and every time by the one formatter ("7 Des 2026
 * 14.05 WIB"); the codes follow in columns of their own for machines and for the audit filter.
 */
import { toCsv, type Cell } from './csv-export'
import { formatDate, formatDateTime } from './format'
import { ageGroups, auditActionLabel, channels, dtksStatuses, eventLabels, labelOf, relations, sexes, statusLabel, statusLabels, urgencies } from './glossary'
import { outcomes } from './transitions'

export type AuditCsvRow = { id: number; at: number; username: string | null; action: string; ticket: string | null; detail: string | null }

/** Who did it: a user by username, or the system / a member of the public (no actor). */
const actorText = (name: string | null | undefined) => name ?? 'Sistem / publik'

export function auditCsv(rows: AuditCsvRow[], zone: string): string {
  return toCsv(
    ['No.', 'Waktu', 'Pengguna', 'Tindakan', 'Tiket', 'Rincian', 'Kode tindakan'],
    rows.map((r) => [r.id, formatDateTime(r.at, zone), actorText(r.username), auditActionLabel(r.action), r.ticket, r.detail, r.action]),
  )
}

type Show = 'time' | 'day' | Readonly<Record<string, string>>

/**
 * Every field of a case, in the words of the intake form, and how its value is shown. A column
 * added to `cases` must be named here: the subject is owed all of it (test/domain/privacy-csv).
 */
export const caseFields: Record<string, { label: string; show?: Show }> = {
  id: { label: 'Nomor kasus (internal)' },
  ticket: { label: 'Nomor tiket' },
  status: { label: 'Status', show: statusLabels },
  channel: { label: 'Saluran', show: channels },
  categoryId: { label: 'Nomor kategori' },
  categoryName: { label: 'Kategori' },
  urgency: { label: 'Urgensi', show: urgencies },
  kelurahanCode: { label: 'Kode kelurahan' },
  kelurahanName: { label: 'Kelurahan' },
  address: { label: 'Alamat' },
  rt: { label: 'RT' },
  rw: { label: 'RW' },
  landmark: { label: 'Patokan' },
  description: { label: 'Uraian masalah' },
  reporterName: { label: 'Nama pelapor' },
  reporterPhone: { label: 'Nomor telepon pelapor' },
  reporterRelation: { label: 'Hubungan pelapor', show: relations },
  personName: { label: 'Nama orang yang dilaporkan' },
  personNik: { label: 'NIK' },
  personAgeGroup: { label: 'Kelompok umur', show: ageGroups },
  personSex: { label: 'Jenis kelamin', show: sexes },
  dtksStatus: { label: 'Status DTKS', show: dtksStatuses },
  receivedAt: { label: 'Diterima', show: 'time' },
  dueAt: { label: 'Batas target', show: 'time' },
  overdueAt: { label: 'Lewat target', show: 'time' },
  resolvedAt: { label: 'Diselesaikan', show: 'time' },
  closedAt: { label: 'Ditutup', show: 'time' },
  assignedTo: { label: 'Fasilitator (nomor pengguna)' },
  personId: { label: 'Catatan orang (nomor)' },
  laporId: { label: 'Nomor tiket SP4N-LAPOR!' },
  outcome: { label: 'Hasil penanganan', show: outcomes },
  handleMinutes: { label: 'Waktu penanganan (menit)' },
  duplicateOf: { label: 'Laporan ganda dari (nomor kasus)' },
  createdBy: { label: 'Dicatat oleh (nomor pengguna)' },
  version: { label: 'Versi catatan' },
  updatedAt: { label: 'Terakhir diubah', show: 'time' },
  purgedAt: { label: 'Data pribadi dihapus', show: 'time' },
  escalatedAt: { label: 'Dieskalasi', show: 'time' },
}

export type SubjectCase = Record<string, unknown> & {
  ticket: string
  events: { at: number; kind: string; fromStatus: string | null; toStatus: string | null; note: string | null; actor: string | null }[]
  processingTrail: { at: number; action: string; detail: string | null; actor: string | null }[]
}

/** One value of a case as a person reads it, and its code when that differs. */
function caseValue(value: unknown, show: Show | undefined, zone: string): [Cell, Cell] {
  if (value === null || value === undefined) return [null, null]
  if (show === 'time') return [formatDateTime(Number(value), zone), null]
  // A calendar day (a birth date) is no instant: read at noon UTC it is the same day in every zone.
  if (show === 'day') return [formatDate(Date.parse(`${String(value)}T12:00:00Z`), 'UTC'), null]
  if (show) return [labelOf(show, String(value)), String(value)]
  return [typeof value === 'number' ? value : String(value), null]
}

/** A history step's value: its note, else the status it moved to, from the one before ("Ditugaskan → Ditangani"). */
function eventValue(e: SubjectCase['events'][number]): string | null {
  if (e.note !== null) return e.note
  if (e.toStatus === null) return null
  return e.fromStatus === null ? statusLabel(e.toStatus) : `${statusLabel(e.fromStatus)} → ${statusLabel(e.toStatus)}`
}

/** The person record's fields (issue 23), in the words of the person page. */
const personFields: Record<string, { label: string; show?: Show }> = {
  name: { label: 'Nama atau sebutan sementara' },
  identityKnown: { label: 'Identitas diketahui' },
  nameKey: { label: 'Kunci pencocokan nama' },
  aliases: { label: 'Nama lain' },
  nik: { label: 'NIK' },
  birthDate: { label: 'Tanggal lahir', show: 'day' },
  birthYear: { label: 'Tahun lahir (perkiraan)' },
  sex: { label: 'Jenis kelamin', show: sexes },
  origin: { label: 'Daerah asal' },
  familyContacts: { label: 'Kontak keluarga' },
  features: { label: 'Ciri-ciri' },
  mergedInto: { label: 'Digabung ke catatan orang (nomor)' },
  createdAt: { label: 'Dicatat', show: 'time' },
  updatedAt: { label: 'Terakhir diubah', show: 'time' },
  purgedAt: { label: 'Data pribadi dihapus', show: 'time' },
}

export type SubjectPerson = Record<string, unknown> & { id: number }
export type SubjectSighting = { caseId: number; at: number; reporterName: string; reporterPhone: string | null; address: string; description: string }

export function subjectAccessCsv(cases: SubjectCase[], zone: string, more: { people: SubjectPerson[]; sightings: SubjectSighting[] } = { people: [], sightings: [] }): string {
  const ticketOf = (caseId: number) => (cases.find((k) => k.id === caseId)?.ticket as string | undefined) ?? null
  const rows: Cell[][] = cases.flatMap((k) => [
    ...Object.entries(k)
      .filter(([name]) => name !== 'events' && name !== 'processingTrail')
      .map(([name, value]): Cell[] => {
        const field = caseFields[name]
        const [shown, code] = caseValue(value, field?.show, zone)
        return [k.ticket, 'Data kasus', field?.label ?? name, shown, null, null, name, code]
      }),
    ...k.events.map((e): Cell[] => [k.ticket, 'Riwayat', labelOf(eventLabels, e.kind), eventValue(e), formatDateTime(e.at, zone), actorText(e.actor), e.kind, null]),
    ...k.processingTrail.map((a): Cell[] => [k.ticket, 'Jejak pemrosesan', auditActionLabel(a.action), a.detail, formatDateTime(a.at, zone), actorText(a.actor), a.action, null]),
  ])
  for (const p of more.people) {
    for (const [name, value] of Object.entries(p)) {
      const field = personFields[name]
      const [shown, code] = caseValue(typeof value === 'boolean' ? (value ? 'ya' : 'tidak') : value, field?.show, zone)
      rows.push([null, `Catatan orang #${p.id}`, field?.label ?? name, shown, null, null, name, code])
    }
  }
  for (const x of more.sightings) rows.push([ticketOf(x.caseId), 'Penampakan', x.reporterName, `${x.address}: ${x.description}`, formatDateTime(x.at, zone), x.reporterPhone, 'sighting', null])
  return toCsv(['Tiket', 'Bagian', 'Nama', 'Isi', 'Waktu', 'Oleh', 'Kode nama', 'Kode isi'], rows)
}
