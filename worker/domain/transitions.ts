/**
 * The case's state machine (DOMAIN.md, "The case's life"; issue 4): which role may do what from
 * which status, what each action needs, and what it changes. Pure: routes load, this decides,
 * db/queries/handling.ts stores the decision in one write batch.
 */
import { openStatuses, type CaseStatus } from './case'

export const actions = ['accept', 'visit', 'refer', 'resolve', 'reject', 'duplicate', 'assign', 'close', 'send_back'] as const
export type Action = (typeof actions)[number]

/** The action named by a URL segment (`send-back`), or null. */
export function actionOf(segment: string): Action | null {
  const action = segment.replace('-', '_') as Action
  return actions.includes(action) ? action : null
}

/** From which statuses each role may take each action. Roles not listed may take none. */
export const allowedFrom: Record<Action, Partial<Record<string, readonly CaseStatus[]>>> = {
  accept: { fasilitator: ['ditugaskan'] },
  visit: { fasilitator: ['ditangani', 'dirujuk'] },
  refer: { fasilitator: ['ditangani', 'dirujuk'] },
  resolve: { fasilitator: ['ditangani', 'dirujuk'] },
  reject: { fasilitator: ['ditugaskan', 'ditangani'], supervisor: openStatuses },
  duplicate: { fasilitator: ['ditugaskan', 'ditangani'], supervisor: openStatuses },
  assign: { supervisor: openStatuses },
  close: { supervisor: ['selesai'] },
  send_back: { supervisor: ['selesai'] },
}

/** Where each action leads; `null` keeps the status (a visit note). */
export const targetOf: Record<Action, CaseStatus | null> = {
  accept: 'ditangani',
  visit: null,
  refer: 'dirujuk',
  resolve: 'selesai',
  reject: 'ditolak',
  duplicate: 'duplikat',
  assign: 'ditugaskan',
  close: 'ditutup',
  send_back: 'ditangani',
}

export const actionLabels: Record<Action, string> = {
  accept: 'Terima kasus',
  visit: 'Catat kunjungan',
  refer: 'Rujuk ke mitra',
  resolve: 'Selesaikan',
  reject: 'Tolak',
  duplicate: 'Tandai duplikat',
  assign: 'Tugaskan',
  close: 'Tutup kasus',
  send_back: 'Kembalikan ke fasilitator',
}

export const partnerTypes = {
  rumah_sakit: 'Rumah sakit',
  rsj: 'Rumah Sakit Jiwa (RSJ)',
  dinkes: 'Dinas Kesehatan / Puskesmas',
  baznas: 'BAZNAS',
  lazismu: 'LAZISMU',
  panti: 'Panti sosial / rumah singgah',
  sekolah: 'Sekolah',
  dinas_lain: 'Dinas / instansi lain',
  lainnya: 'Lainnya',
} as const

export const outcomes = {
  bantuan_diberikan: 'Bantuan / layanan diberikan',
  rujukan_diterima: 'Diterima lembaga rujukan',
  diusulkan_dtks: 'Diusulkan ke DTKS / program bantuan',
  kembali_keluarga: 'Dipulangkan ke keluarga',
  ditempatkan_panti: 'Ditempatkan di panti / rumah singgah',
  tidak_memenuhi_syarat: 'Tidak memenuhi syarat, sudah dijelaskan',
  tidak_ditemukan: 'Orang tidak ditemukan di lokasi',
  diserahkan_rs: 'Diserahkan ke rumah sakit',
  menolak: 'Menolak dibawa / dibantu',
  meninggal: 'Meninggal dunia',
  lainnya: 'Lainnya (lihat catatan)',
} as const

/** Actions `role` may take on a case in `status`, in the order the page offers them. */
export function allowedActions(role: string, status: string): Action[] {
  return actions.filter((a) => (allowedFrom[a][role] ?? []).includes(status as CaseStatus))
}

export function isAllowed(role: string, status: string, action: Action): boolean {
  return (allowedFrom[action][role] ?? []).includes(status as CaseStatus)
}

export type Location = { lat: number; lng: number; accuracyM: number | null }

/** What a submitted action form holds once checked at the boundary. */
export type ActionInput = {
  version: number
  note: string
  location: Location | null
  partnerType?: keyof typeof partnerTypes
  partnerName?: string
  /** A partner organisation from the admin's list; its name and type then come from the list. */
  partnerId?: number
  request?: string
  outcome?: keyof typeof outcomes
  duplicateTicket?: string
  assigneeId?: number
}

export type Parsed = { ok: true; input: ActionInput } | { ok: false; errors: Record<string, string>; values: Record<string, string> }

const noteMax = 2000
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

// Optional GPS: a pair of numbers in range, else nothing (a refused permission sends empty fields).
function parseLocation(body: Record<string, unknown>): Location | null {
  const lat = Number(str(body.lat) || NaN)
  const lng = Number(str(body.lng) || NaN)
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null
  const accuracy = Number(str(body.accuracy) || NaN)
  return { lat, lng, accuracyM: Number.isFinite(accuracy) && accuracy >= 0 ? Math.min(Math.round(accuracy), 1_000_000) : null }
}

/** Checks an action form: required notes and reasons, list values, the version it was rendered at. */
export function parseAction(action: Action, body: Record<string, unknown>): Parsed {
  const values: Record<string, string> = {}
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v
  const errors: Record<string, string> = {}
  const version = Number(str(body.version))
  const note = str(body.note).slice(0, noteMax)
  const input: ActionInput = { version: Number.isSafeInteger(version) ? version : -1, note, location: null }

  const needsNote: Partial<Record<Action, string>> = {
    accept: 'Tulis hasil kontak pertama atau kunjungan.',
    visit: 'Tulis catatan kunjungan.',
    resolve: 'Tulis catatan penyelesaian.',
    reject: 'Alasan penolakan wajib diisi.',
    duplicate: 'Alasan wajib diisi.',
    send_back: 'Alasan pengembalian wajib diisi.',
  }
  const noteMessage = needsNote[action]
  if (noteMessage && !note) errors.note = noteMessage
  if (action === 'accept' || action === 'visit') input.location = parseLocation(body)

  if (action === 'refer') {
    const partnerId = Number(str(body.partner_id))
    if (Number.isSafeInteger(partnerId) && partnerId > 0) input.partnerId = partnerId
    const type = str(body.partner_type)
    if (type in partnerTypes) input.partnerType = type as keyof typeof partnerTypes
    else if (!input.partnerId) errors.partner_type = 'Pilih jenis mitra.'
    input.partnerName = str(body.partner_name).slice(0, 200)
    if (!input.partnerName && !input.partnerId) errors.partner_name = 'Nama lembaga mitra wajib diisi.'
    input.request = str(body.request).slice(0, noteMax)
    if (!input.request) errors.request = 'Tulis apa yang diminta dari mitra.'
  }
  if (action === 'resolve') {
    const outcome = str(body.outcome)
    if (outcome in outcomes) input.outcome = outcome as keyof typeof outcomes
    else errors.outcome = 'Pilih hasil penanganan.'
  }
  if (action === 'duplicate') {
    input.duplicateTicket = str(body.duplicate_of).toUpperCase().slice(0, 40)
    if (!input.duplicateTicket) errors.duplicate_of = 'Tulis nomor tiket kasus aslinya.'
  }
  if (action === 'assign') {
    const id = Number(str(body.assignee))
    if (Number.isSafeInteger(id) && id > 0) input.assigneeId = id
    else errors.assignee = 'Pilih fasilitator.'
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors, values } : { ok: true, input }
}

/** The case as the rules need it. */
export type CaseState = { id: number; status: string; version: number; assignedTo: number | null; receivedAt: number }

/** Facts the route looked up for the rules: the duplicate's original, the new assignee. */
export type Lookups = {
  duplicateOf?: { id: number; ticket: string } | null
  assignee?: { id: number; role: string; active: boolean; displayName: string } | null
}

export type CasePatch = {
  status: string
  version: number
  updatedAt: number
  assignedTo?: number
  resolvedAt?: number | null
  handleMinutes?: number | null
  outcome?: string | null
  closedAt?: number
  duplicateOf?: number
}

export type Decision =
  | { ok: true; patch: CasePatch; event: { kind: Action; from: string; to: string; note: string | null } }
  | { ok: false; problem: 'stale' | 'forbidden' | 'invalid'; message: string; errors?: Record<string, string> }

/**
 * Why an action cannot even be considered, before its fields are read: a form rendered at an
 * older version is stale whatever it asks; then the role and status must allow the action.
 */
export function refusal(kase: CaseState, actor: { role: string }, action: Action, version: number): (Decision & { ok: false }) | null {
  if (version !== kase.version) {
    return { ok: false, problem: 'stale', message: 'Kasus ini sudah diubah orang lain sejak halaman dibuka. Periksa keadaannya sekarang, lalu ulangi bila masih perlu.' }
  }
  if (!isAllowed(actor.role, kase.status, action)) {
    return { ok: false, problem: 'forbidden', message: `“${actionLabels[action]}” tidak diizinkan untuk kasus berstatus ${kase.status}.` }
  }
  return null
}

export const minutesBetween = (from: number, to: number) => Math.max(0, Math.ceil((to - from) / 60_000))

/** Decides an action on a case at `now`: the refusals first, then what the lookups must hold. */
export function decideAction(kase: CaseState, actor: { id: number; role: string }, action: Action, input: ActionInput, lookups: Lookups, now: number): Decision {
  const refused = refusal(kase, actor, action, input.version)
  if (refused) return refused
  const to = targetOf[action] ?? kase.status
  const patch: CasePatch = { status: to, version: kase.version + 1, updatedAt: now }
  let note: string | null = input.note || null

  switch (action) {
    case 'accept':
      // Whoever accepts handles it: a colleague of the same kelurahan may step in.
      patch.assignedTo = actor.id
      break
    case 'refer':
      note = `${partnerTypes[input.partnerType!]}: ${input.partnerName}. Permintaan: ${input.request}${input.note ? `. ${input.note}` : ''}`
      break
    case 'resolve':
      // The 24-hour clock stops here (DOMAIN.md, the clock); the time to handle is kept.
      patch.resolvedAt = now
      patch.handleMinutes = minutesBetween(kase.receivedAt, now)
      patch.outcome = input.outcome!
      note = `${outcomes[input.outcome!]}. ${input.note}`
      break
    case 'send_back':
      // Not done after all: the clock runs again from where it stopped.
      patch.resolvedAt = null
      patch.handleMinutes = null
      patch.outcome = null
      break
    case 'close':
    case 'reject':
      patch.closedAt = now
      break
    case 'duplicate': {
      const original = lookups.duplicateOf
      if (!original) return { ok: false, problem: 'invalid', message: 'Periksa isian.', errors: { duplicate_of: 'Kasus dengan nomor tiket itu tidak ditemukan.' } }
      if (original.id === kase.id) return { ok: false, problem: 'invalid', message: 'Periksa isian.', errors: { duplicate_of: 'Kasus tidak bisa menjadi duplikat dirinya sendiri.' } }
      patch.closedAt = now
      patch.duplicateOf = original.id
      note = `Duplikat dari ${original.ticket}. ${input.note}`
      break
    }
    case 'assign': {
      const assignee = lookups.assignee
      if (!assignee || assignee.role !== 'fasilitator' || !assignee.active) return { ok: false, problem: 'invalid', message: 'Periksa isian.', errors: { assignee: 'Pilih fasilitator yang aktif.' } }
      if (assignee.id === kase.assignedTo && kase.status === 'ditugaskan') return { ok: false, problem: 'invalid', message: 'Periksa isian.', errors: { assignee: 'Kasus sudah ditugaskan ke fasilitator ini.' } }
      // A first assignment explains itself; moving a case away from someone needs a reason.
      if (kase.assignedTo !== null && !input.note) return { ok: false, problem: 'invalid', message: 'Periksa isian.', errors: { note: 'Alasan penugasan ulang wajib diisi.' } }
      patch.assignedTo = assignee.id
      note = `Kepada ${assignee.displayName}${input.note ? `. ${input.note}` : ''}`
      break
    }
  }
  return { ok: true, patch, event: { kind: action, from: kase.status, to, note } }
}
