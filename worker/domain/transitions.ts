/**
 * The case's state machine (DOMAIN.md, "The case's life"; issue 4): which role may do what from
 * which status, what each action needs, and what it changes. Pure: routes load, this decides,
 * db/queries/handling.ts stores the decision in one write batch.
 */
import { openStatuses, type CaseStatus } from './case'
import { readForm, type Form, type FormBody, type Parsed } from './form'

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

/** What a partner answers about a referral (issue 7). */
export const partnerAnswers = { diterima: 'Diterima', diproses: 'Sedang diproses', selesai: 'Selesai', ditolak: 'Ditolak' } as const
export type PartnerAnswer = keyof typeof partnerAnswers

/** A partner's answer; a refusal says why. */
export function parsePartnerAnswer(body: FormBody): Parsed<{ answer: PartnerAnswer; note: string | null }> {
  const f = readForm(body)
  const answer = f.choice('answer', partnerAnswers, 'Pilih jawaban.')
  const note = answer === 'ditolak' ? f.text('note', { max: 1000, required: 'Tulis alasan penolakan.' }) : f.text('note', { max: 1000 })
  return f.done({ answer, note })
}

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

const noteMax = 2000

// Optional GPS: a pair of numbers in range, else nothing (a refused permission sends empty fields).
function readLocation(f: Form): Location | null {
  const lat = Number(f.str('lat') || NaN)
  const lng = Number(f.str('lng') || NaN)
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null
  const accuracy = Number(f.str('accuracy') || NaN)
  return { lat, lng, accuracyM: Number.isFinite(accuracy) && accuracy >= 0 ? Math.min(Math.round(accuracy), 1_000_000) : null }
}

const needsNote: Partial<Record<Action, string>> = {
  accept: 'Tulis hasil kontak pertama atau kunjungan.',
  visit: 'Tulis catatan kunjungan.',
  resolve: 'Tulis catatan penyelesaian.',
  reject: 'Alasan penolakan wajib diisi.',
  duplicate: 'Alasan wajib diisi.',
  send_back: 'Alasan pengembalian wajib diisi.',
}

/** Checks an action form: required notes and reasons, list values, the version it was rendered at. */
export function parseAction(action: Action, body: FormBody): Parsed<ActionInput> {
  const f = readForm(body)
  const version = Number(f.str('version'))
  const required = needsNote[action]
  const note = (required ? f.text('note', { max: noteMax, required }) : f.text('note', { max: noteMax })) ?? ''
  const input: ActionInput = { version: Number.isSafeInteger(version) ? version : -1, note, location: null }
  if (action === 'accept' || action === 'visit') input.location = readLocation(f)

  if (action === 'refer') {
    const partnerId = Number(f.str('partner_id'))
    if (Number.isSafeInteger(partnerId) && partnerId > 0) input.partnerId = partnerId
    const type = f.str('partner_type')
    if (Object.hasOwn(partnerTypes, type)) input.partnerType = type as keyof typeof partnerTypes
    else if (!input.partnerId) f.fail('partner_type', 'Pilih jenis mitra.')
    input.partnerName = f.text('partner_name', input.partnerId ? { max: 200 } : { max: 200, required: 'Nama lembaga mitra wajib diisi.' }) ?? ''
    input.request = f.text('request', { max: noteMax, required: 'Tulis apa yang diminta dari mitra.' })
  }
  if (action === 'resolve') input.outcome = f.choice('outcome', outcomes, 'Pilih hasil penanganan.')
  if (action === 'duplicate') input.duplicateTicket = f.text('duplicate_of', { max: 40, required: 'Tulis nomor tiket kasus aslinya.' }).toUpperCase()
  if (action === 'assign') {
    const id = Number(f.str('assignee'))
    if (Number.isSafeInteger(id) && id > 0) input.assigneeId = id
    else f.fail('assignee', 'Pilih fasilitator.')
  }
  return f.done(input)
}

/** The case as the rules need it. */
export type CaseState = { id: number; status: string; version: number; assignedTo: number | null; receivedAt: number }

/**
 * Facts the route looked up for the rules: the duplicate's original, the new assignee. `Ref` is how
 * the original is named: its id once read, or the expression a write batch finds it by when the
 * action is decided without reading (routes/cases/handling.tsx, presumedLookups).
 */
export type Lookups<Ref = number> = {
  duplicateOf?: { id: Ref; ticket: string } | null
  assignee?: { id: number; role: string; active: boolean; displayName: string } | null
}

export type CasePatch<Ref = number> = {
  status: string
  version: number
  updatedAt: number
  assignedTo?: number
  resolvedAt?: number | null
  handleMinutes?: number | null
  outcome?: string | null
  closedAt?: number
  duplicateOf?: Ref
}

export type Decision<Ref = number> =
  | { ok: true; patch: CasePatch<Ref>; event: { kind: Action; from: string; to: string; note: string | null } }
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
export function decideAction<Ref = number>(kase: CaseState, actor: { id: number; role: string }, action: Action, input: ActionInput, lookups: Lookups<Ref>, now: number): Decision<Ref> {
  const refused = refusal(kase, actor, action, input.version)
  if (refused) return refused
  const to = targetOf[action] ?? kase.status
  const patch: CasePatch<Ref> = { status: to, version: kase.version + 1, updatedAt: now }
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
      // An original still to be found by the write batch is looked for among the other cases only.
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
