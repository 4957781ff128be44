// A month of made-up work for a local trial (`npm start` on an empty database, never in production):
// a few hundred cases dated relative to `now`, across the region's kelurahan, categories, channels and
// every status, with shelter stays, vehicle dispatches and survey answers. Everything goes through the
// functions the routes use (createCase, decideAction + applyTransition, admitToShelter, createDispatch,
// saveSurveyResponse, sweep), so timelines, audit rows, rollups, escalations and the outbox agree with
// the cases. Each step runs for all cases at once: on Node's group commit that is one transaction per
// step, a dozen in all.
import { newPersonOf } from './domain/person-match'
import { and, asc, count, eq, isNull, like } from 'drizzle-orm'
import { enabledChannels, type Config } from './config'
import type { Channel } from './domain/case'
import { channels as channelLabels } from './domain/glossary'
import type { Report } from './domain/intake'
import { surveyElements, type SurveyAnswers } from './domain/ikm'
import { normalizePhone } from './domain/phone'
import { dispatchStatuses } from './domain/dispatch'
import { dischargeReasons } from './domain/shelter'
import { computeDueAt } from './domain/sla'
import { ticketPrefix } from './domain/ticket'
import { decideAction, outcomes, partnerTypes, type Action, type ActionInput, type CaseState } from './domain/transitions'
import { sweep } from './jobs/sweep'
import { createReferenceCache } from './reference'
import type { Db } from './db/client'
import { setUserActive, findUser } from './db/queries/admin'
import { createCase } from './db/queries/cases'
import { createDispatch, moveDispatch, saveVehicle } from './db/queries/dispatch'
import { applyTransition } from './db/queries/handling'
import { saveSurveyResponse } from './db/queries/public'
import { admitToShelter, dischargeFromShelter, listShelters } from './db/queries/shelter'
import { cases, shelterStays, userKelurahan, users, vehicles } from './db/schema'
import { seededRandom, type SeededRandom } from './domain/seeded-random'

const hour = 3_600_000
const day = 24 * hour
export const demoMonth = { cases: 320, days: 30 }

const firstNames = ['Siti', 'Ahmad', 'Nurhayati', 'Budi', 'Rahmawati', 'Hendra', 'Yuliana', 'Agus', 'Fitriani', 'Syarif', 'Dewi', 'Rudi', 'Mariani', 'Usman', 'Lina', 'Abdul', 'Sri', 'Joko', 'Herlina', 'Iwan', 'Aisyah', 'Bong', 'Maria', 'Hasan', 'Ratna', 'Daeng', 'Yohanes', 'Misnah']
const lastNames = ['Rahman', 'Wijaya', 'Lestari', 'Hidayat', 'Kurniawan', 'Saputra', 'Purnamasari', 'Setiawan', 'Alkadrie', 'Halim', 'Susanti', 'Pratama', 'Nurdin', 'Tan', 'Ismail', 'Siregar']
const streets = ['Jl. Gajah Mada', 'Jl. Tanjungpura', 'Jl. Ahmad Yani', 'Jl. Imam Bonjol', 'Jl. Kom Yos Sudarso', 'Jl. Tanjung Raya II', 'Jl. Parit Haji Husin', 'Jl. Khatulistiwa', 'Jl. Sungai Raya Dalam', 'Gg. Mawar', 'Gg. Kenanga', 'Komp. Bumi Indah']
const landmarks = ['dekat masjid', 'samping warung kopi', 'depan SD negeri', 'belakang pasar', 'dekat pos ronda', null, null]

/** What a report of each category says, and who the person usually is. */
const stories: Record<string, { age: Report['personAgeGroup']; text: string[] }> = {
  'orang-terlantar': { age: 'dewasa', text: ['Seorang laki-laki tidur di emperan toko sejak tiga hari, tampak lemah dan belum makan.', 'Perempuan tanpa identitas duduk di halte sejak pagi, tidak tahu alamat rumahnya.'] },
  pgot: { age: 'dewasa', text: ['Pengemis membawa anak kecil di simpang lampu merah setiap sore.', 'Gelandangan tidur di taman kota, warga khawatir karena hujan terus.'] },
  odgj: { age: 'dewasa', text: ['Warga dengan gangguan jiwa mengamuk dan memecahkan kaca rumah tetangga, keluarga tidak sanggup menenangkan.', 'Laki-laki berjalan tanpa pakaian di jalan raya, diduga ODGJ, belum ada keluarga yang dikenal.'] },
  'lansia-terlantar': { age: 'lansia', text: ['Nenek tinggal sendiri, sakit-sakitan dan tidak ada yang merawat sejak anaknya merantau.', 'Kakek ditemukan di pasar, lupa jalan pulang, hanya ingat nama kampungnya.'] },
  'anak-terlantar': { age: 'anak', text: ['Anak usia 12 tahun putus sekolah dan berjualan tisu sampai larut malam.', 'Tiga anak ditinggal orang tuanya, dirawat tetangga seadanya.'] },
  'korban-bencana': { age: 'dewasa', text: ['Rumah terbakar tadi malam, keluarga lima orang mengungsi di rumah ketua RT.', 'Banjir rob merendam rumah, keluarga butuh makanan dan selimut.'] },
  ambulans: { age: 'dewasa', text: ['Warga meninggal di rumah kontrakan, keluarga tidak mampu membayar mobil jenazah.', 'Pasien harus diantar ke RSUD, keluarga tidak punya kendaraan.'] },
  'reaksi-cepat': { age: 'dewasa', text: ['Ada orang pingsan di pinggir jalan, warga minta segera dijemput.', 'Keluarga miskin kehabisan bahan makanan, anak-anak belum makan sejak kemarin.'] },
  'laras-antar-jemput': { age: 'lansia', text: ['Lansia lumpuh perlu dijemput ke puskesmas untuk kontrol rutin.', 'PPKS selesai dirawat di RS, perlu diantar pulang ke rumah keluarga.'] },
  'kis-bermasalah': { age: 'dewasa', text: ['Kartu KIS tidak aktif saat berobat, pasien diminta membayar sebagai pasien umum.', 'KIS anak tidak terbaca di rumah sakit, orang tua bingung mengurusnya.'] },
  'kis-pbi': { age: 'dewasa', text: ['Keluarga buruh harian minta didaftarkan BPJS PBI karena tidak sanggup bayar iuran.'] },
  dtks: { age: 'dewasa', text: ['Keluarga belum terdaftar di DTKS padahal penghasilan tidak tetap, minta diusulkan.', 'Data DTKS masih alamat lama, bantuan tidak pernah sampai.'] },
  pkh: { age: 'dewasa', text: ['Bantuan PKH tidak cair dua tahap, pendamping sulit dihubungi.'] },
  bpnt: { age: 'dewasa', text: ['Saldo kartu BPNT kosong, tidak bisa belanja di e-warong.'] },
  'jps-rutilahu': { age: 'lansia', text: ['Atap rumah janda lansia bocor parah dan dinding kayu lapuk, minta bedah rumah.'] },
  'jps-pendidikan': { age: 'anak', text: ['Anak yatim terancam tidak ikut ujian karena menunggak uang sekolah.'] },
}
const defaultStory = { age: 'dewasa' as const, text: ['Warga melapor membutuhkan bantuan sosial, keterangan lengkap disampaikan lewat telepon.'] }
const shelterCategories = new Set(['orang-terlantar', 'pgot', 'odgj', 'lansia-terlantar', 'anak-terlantar'])
const vehicleCategories = new Set(['ambulans', 'reaksi-cepat', 'laras-antar-jemput', 'korban-bencana'])
const demoVehicles = [
  { name: 'Mobil TRC 1', plate: 'KB 1701 DS', kind: 'trc' },
  { name: 'Ambulans Dinsos', plate: 'KB 1702 DS', kind: 'ambulans' },
  { name: 'Mobil Jenazah', plate: 'KB 1703 DS', kind: 'jenazah' },
]

type Step = () => Promise<unknown>
type Plan = { state: CaseState; facilitator: { id: number; role: string }; steps: Step[] }

/**
 * Loads the month when the database has no case yet; returns how many cases it made, or null when it
 * left the database alone.
 */
export async function loadDemoMonth(db: Db, config: Config, now: number): Promise<number | null> {
  if (config.production) throw new Error('Demo data is never loaded in production')
  const [{ n }] = await db.select({ n: count() }).from(cases)
  if (n > 0) return null
  // The same month every time for the same day.
  const rnd = seededRandom(Math.floor(now / day))
  const ref = await createReferenceCache(db, config.zone, () => now).get()
  const areas = ref.kelurahan.filter((k) => k.code.startsWith(`${config.region}.`))
  const staff = await db.select({ id: users.id, role: users.role }).from(users).where(eq(users.active, true)).orderBy(asc(users.id))
  const idOf = (role: string) => staff.find((u) => u.role === role)?.id
  const operator = idOf('operator')
  const supervisor = idOf('supervisor')
  const admin = idOf('admin')
  if (!operator || !supervisor || !admin || areas.length === 0) return null
  const firstInLine = await db
    .select({ code: userKelurahan.kelurahanCode, userId: userKelurahan.userId })
    .from(userKelurahan)
    .innerJoin(users, and(eq(users.id, userKelurahan.userId), eq(users.role, 'fasilitator'), eq(users.active, true)))
    .where(like(userKelurahan.kelurahanCode, `${config.region}.%`))
    .orderBy(asc(userKelurahan.priority), asc(userKelurahan.userId))
  const facilitatorOf = new Map<string, number>()
  const staffCount = new Map<string, number>()
  for (const row of firstInLine) {
    if (!facilitatorOf.has(row.code)) facilitatorOf.set(row.code, row.userId)
    staffCount.set(row.code, (staffCount.get(row.code) ?? 0) + 1)
  }
  // One kelurahan's only facilitator left a month ago: its reports wait as `baru` in the supervisor's queue.
  const vacant = [...areas].reverse().find((k) => staffCount.get(k.code) === 1)
  if (vacant) {
    const leaver = await findUser(db, facilitatorOf.get(vacant.code)!)
    await setUserActive(db, { actorId: admin, now: now - demoMonth.days * day - hour }, leaver!, false)
    facilitatorOf.delete(vacant.code)
  }
  const coveredAreas = areas.filter((k) => facilitatorOf.has(k.code))

  const categoryList = ref.activeCategories
  const plans: Plan[] = []
  const channelList = Object.keys(channelLabels) as Channel[]
  const reports = Array.from({ length: demoMonth.cases }, (_, i) => {
    // More reports in recent days than a month ago, none in the last quarter hour.
    const ageMs = Math.max(15 * 60_000, (1 - Math.sqrt(rnd.next())) * demoMonth.days * day)
    const category = rnd.chance(0.35) ? rnd.pick(categoryList.filter((c) => stories[c.code])) : rnd.pick(categoryList)
    const area = vacant && rnd.chance(0.05) ? vacant : rnd.pick(areas)
    const story = stories[category.code] ?? defaultStory
    const channel = rnd.pick(channelList)
    const phone = normalizePhone(`08${rnd.pick(['12', '13', '21', '52', '57', '95'])}${String(Math.floor(rnd.between(10_000_000, 99_999_999)))}`)
    const report: Report = {
      idempotencyKey: `demo-${i}`,
      channel,
      reporterName: `${rnd.pick(firstNames)} ${rnd.pick(lastNames)}`,
      reporterPhone: phone.ok ? phone.phone : null,
      reporterRelation: rnd.pick(['tetangga', 'keluarga', 'diri_sendiri', 'rt_rw', 'lainnya'] as const),
      personName: story.age === 'anak' ? `${rnd.pick(firstNames)} (anak)` : `${rnd.pick(firstNames)} ${rnd.pick(lastNames)}`,
      personNik: null,
      personAgeGroup: story.age,
      personSex: rnd.pick(['L', 'P'] as const),
      kelurahanCode: area.code,
      address: `${rnd.pick(streets)} No. ${1 + Math.floor(rnd.next() * 200)}`,
      rt: String(1 + Math.floor(rnd.next() * 12)).padStart(3, '0'),
      rw: String(1 + Math.floor(rnd.next() * 8)).padStart(3, '0'),
      landmark: rnd.pick(landmarks),
      categoryId: category.id,
      urgency: category.defaultUrgency as Report['urgency'],
      description: rnd.pick(story.text),
      dtksStatus: rnd.pick(['terdaftar', 'tidak', 'tidak_diketahui'] as const),
      personUnknown: false,
      personFeatures: null,
      personAge: null,
      personBirthDate: null,
    }
    const receivedAt = Math.round(now - ageMs)
    return { report, category, receivedAt, dueAt: computeDueAt(receivedAt, { hours: category.targetHours, clock: category.clock }, ref.calendar) }
  })
  reports.sort((a, b) => a.receivedAt - b.receivedAt)

  // Step 1: every report through the intake's own write, in the order received (tickets count up).
  const created = await Promise.all(
    reports.map((r) => createCase(db, r.report, { now: r.receivedAt, dueAt: r.dueAt, actorId: r.report.channel === 'online' ? null : operator, ticketPrefix: ticketPrefix(r.receivedAt, config.zone), person: newPersonOf(r.report, r.receivedAt) })),
  )

  const [shelter] = await listShelters(db)
  const act = (plan: Plan, actor: { id: number; role: string }, action: Action, at: number, input: Partial<ActionInput> = {}, lookups = {}): Step => async () => {
    const decision = decideAction(plan.state, actor, action, { version: plan.state.version, note: '', location: null, ...input }, lookups, at)
    if (!decision.ok) throw new Error(`demo month: ${action} on case ${plan.state.id}: ${decision.message}`)
    const applied = await applyTransition(db, {
      caseId: plan.state.id,
      expectedVersion: plan.state.version,
      patch: decision.patch,
      event: decision.event,
      actorId: actor.id,
      now: at,
      referral: action === 'refer' ? { partnerType: input.partnerType!, partnerName: input.partnerName!, request: input.request! } : undefined,
    })
    if (!applied) throw new Error(`demo month: ${action} on case ${plan.state.id} was not applied`)
    Object.assign(plan.state, { status: decision.patch.status, version: decision.patch.version }, decision.patch.assignedTo ? { assignedTo: decision.patch.assignedTo } : {})
  }
  const dispatchWanted: { caseId: number; at: number }[] = []

  reports.forEach((r, i) => {
    const { id } = created[i]!
    const assigned = facilitatorOf.get(r.report.kelurahanCode) ?? null
    const state: CaseState = { id, status: assigned ? 'ditugaskan' : 'baru', version: 1, assignedTo: assigned, receivedAt: r.receivedAt }
    const plan: Plan = { state, facilitator: { id: assigned ?? 0, role: 'fasilitator' }, steps: [] }
    plans.push(plan)
    const target = r.dueAt - r.receivedAt
    let t = r.receivedAt
    const at = (delay: number) => (t = Math.round(t + delay)) < now - 60_000
    const add = (step: Step) => plan.steps.push(step)
    if (!assigned) {
      // A report from the kelurahan without a facilitator waits for the supervisor, some for too long.
      if (!at(rnd.between(2, 40) * hour)) return
      const helper = rnd.pick(coveredAreas)
      plan.facilitator.id = facilitatorOf.get(helper.code)!
      add(act(plan, { id: supervisor, role: 'supervisor' }, 'assign', t, {}, { assignee: { id: plan.facilitator.id, role: 'fasilitator', active: true, displayName: `Fasilitator ${helper.name}` } }))
    }
    const fas = plan.facilitator
    const fate = rnd.next()
    if (fate < 0.05) {
      if (at(rnd.between(0.5, 4) * hour)) add(act(plan, fas, 'reject', t, { note: 'Bukan kewenangan Dinas Sosial; pelapor sudah diarahkan ke kelurahan.' }))
      return
    }
    if (fate < 0.09 && i > 0) {
      const original = created[i - 1]!
      if (at(rnd.between(0.5, 3) * hour)) add(act(plan, fas, 'duplicate', t, { note: 'Laporan yang sama dari pelapor lain.', duplicateTicket: original.ticket }, { duplicateOf: { id: original.id, ticket: original.ticket } }))
      return
    }
    // Most cases are accepted within hours; a few wait past their target (overdue, then escalated).
    const late = rnd.chance(0.12)
    if (!at(late ? target * rnd.between(1.1, 3) : rnd.between(0.05, 0.4) * Math.min(target, 8 * hour))) return
    add(act(plan, fas, 'accept', t, { note: rnd.pick(['Sudah menghubungi pelapor, kunjungan dijadwalkan.', 'Langsung ke lokasi bersama ketua RT.', 'Kontak pertama dengan keluarga lewat telepon.']), location: null }))
    const code = r.category.code
    let stay = false
    if (shelter && shelterCategories.has(code) && rnd.chance(0.6) && at(rnd.between(1, 4) * hour)) {
      stay = true
      const admittedAt = t
      const stayFacts = { bed: `Kamar ${1 + Math.floor(rnd.next() * 6)}`, belongings: rnd.pick(['Tas pakaian', 'KTP lama dan dompet', null]) }
      add(() => admitToShelter(db, { caseId: id, shelterId: shelter.id, admittedAt, ...stayFacts, actorId: fas.id, now: admittedAt, shelterName: shelter.name }))
    }
    if (vehicleCategories.has(code) && rnd.chance(0.5)) dispatchWanted.push({ caseId: id, at: t + 20 * 60_000 })
    if (rnd.chance(0.5) && at(rnd.between(2, 10) * hour)) add(act(plan, fas, 'visit', t, { note: 'Kunjungan rumah: kondisi sesuai laporan, kebutuhan dicatat.' }))
    // A few stay open long past their target: the sweep escalates them up the ladder.
    if (rnd.chance(0.05)) return
    if (rnd.chance(0.12) && at(rnd.between(1, 12) * hour)) {
      const type = rnd.pick(Object.keys(partnerTypes) as (keyof typeof partnerTypes)[])
      add(act(plan, fas, 'refer', t, { partnerType: type, partnerName: type === 'baznas' ? 'BAZNAS Kota' : `${partnerTypes[type]} setempat`, request: 'Mohon bantuan penanganan lanjutan sesuai kewenangan.' }))
      // Some partners have not answered yet.
      if (rnd.chance(0.4)) return
    }
    // Resolution: most within the target, some late; the newest are still being handled.
    const resolveAfter = rnd.chance(0.8) ? rnd.between(0.4, 0.9) * target - (t - r.receivedAt) : rnd.between(1.05, 2) * target - (t - r.receivedAt)
    if (!at(Math.max(hour, resolveAfter))) return
    const outcome = stay ? 'kembali_keluarga' : rnd.pick(Object.keys(outcomes).filter((o) => o !== 'meninggal' && o !== 'kembali_keluarga') as (keyof typeof outcomes)[])
    add(act(plan, fas, 'resolve', t, { outcome, note: 'Penanganan selesai dan sudah disampaikan ke pelapor.' }))
    if (stay) {
      const leftAt = t
      const receivedBy = { name: `${rnd.pick(firstNames)} ${rnd.pick(lastNames)}`, relation: 'anak', phone: null }
      add(async () => {
        const [open] = await db.select({ id: shelterStays.id }).from(shelterStays).where(and(eq(shelterStays.caseId, id), isNull(shelterStays.dischargedAt)))
        if (open) await dischargeFromShelter(db, { stayId: open.id, caseId: id, discharge: { reason: 'keluarga', dischargedAt: leftAt, note: null, receivedBy }, reasonLabel: dischargeReasons.keluarga, actorId: fas.id, now: leftAt })
      })
    }
    if (rnd.chance(0.05) && at(rnd.between(2, 12) * hour)) {
      add(act(plan, { id: supervisor, role: 'supervisor' }, 'send_back', t, { note: 'Lampirkan bukti penyerahan bantuan.' }))
      if (!at(rnd.between(2, 12) * hour)) return
      add(act(plan, fas, 'resolve', t, { outcome: 'bantuan_diberikan', note: 'Bukti penyerahan sudah dilampirkan.' }))
    }
    if (rnd.chance(0.45)) {
      const answeredAt = Math.round(t + rnd.between(1, 20) * hour)
      const answer = { answers: surveyAnswers(rnd), suggestion: rnd.pick([null, null, 'Petugas ramah, semoga makin cepat.', 'Mohon informasi lebih jelas lewat WhatsApp.']) }
      if (answeredAt < now) add(() => saveSurveyResponse(db, { caseId: id, now: answeredAt, ...answer }))
    }
    if (at(rnd.between(4, 48) * hour)) add(act(plan, { id: supervisor, role: 'supervisor' }, 'close', t))
  })

  // Step 2…: the n-th step of every case at once, so each round is one transaction.
  for (let round = 0; plans.some((p) => p.steps.length > round); round++) await Promise.all(plans.flatMap((p) => p.steps[round]?.() ?? []))
  await dispatchDemo(db, dispatchWanted, operator, now)
  // Overdue marks, escalation rungs, inbox alerts and the outbox, as the scheduler would have left them.
  await sweep(db, now, { zone: config.zone, channels: enabledChannels(config.alerts) })
  return reports.length
}

function surveyAnswers(rnd: SeededRandom): SurveyAnswers {
  const mood = rnd.between(2.4, 4)
  return Object.fromEntries(surveyElements.map((e) => [e.code, Math.max(1, Math.min(4, Math.round(mood + rnd.between(-0.7, 0.5))))])) as SurveyAnswers
}

/**
 * Vehicle trips, oldest first: a vehicle has one active trip at a time (a unique index), so each
 * round sends at most one trip per vehicle and finishes it, except the newest, still on the road.
 */
async function dispatchDemo(db: Db, wanted: { caseId: number; at: number }[], operator: number, now: number) {
  const [{ n }] = await db.select({ n: count() }).from(vehicles)
  if (n === 0) for (const v of demoVehicles) await saveVehicle(db, { ...v, base: 'Kantor Dinas Sosial', active: true, crewIds: [] })
  const fleet = await db.select({ id: vehicles.id, name: vehicles.name, plate: vehicles.plate }).from(vehicles).where(eq(vehicles.active, true)).orderBy(asc(vehicles.id))
  const trips = wanted.filter((w) => w.at < now - hour).sort((a, b) => a.at - b.at)
  const perVehicle = fleet.map((v, i) => ({ v, trips: trips.filter((_, j) => j % fleet.length === i) }))
  const rounds = Math.max(0, ...perVehicle.map((p) => p.trips.length))
  for (let round = 0; round < rounds; round++) {
    const out = await Promise.all(
      perVehicle.flatMap(({ v, trips }) => {
        const trip = trips[round]
        if (!trip) return []
        const label = `${v.name} (${v.plate})`
        return createDispatch(db, { caseId: trip.caseId, vehicleId: v.id, destination: null, actorId: operator, now: trip.at, label, start: null }).then((r) => (r.ok ? { id: r.id, trip, label, last: round === trips.length - 1 } : null))
      }),
    )
    const moves = [
      { from: 'dikirim', to: 'berangkat', column: 'departedAt', kind: 'dispatch_depart', after: 10 * 60_000 },
      { from: 'berangkat', to: 'tiba', column: 'arrivedAt', kind: 'dispatch_arrive', after: 35 * 60_000 },
      { from: 'tiba', to: 'selesai', column: 'finishedAt', kind: 'dispatch_finish', after: 90 * 60_000 },
    ] as const
    // The three steps of every trip in one group commit: queued in order, each guarded by the status before.
    await Promise.all(
      out.flatMap((d) =>
        d
          ? moves.flatMap((m) => {
              const at = d.trip.at + m.after
              // The newest trip of a vehicle may still be on its way.
              if (at > now || (d.last && m.to === 'selesai' && now - d.trip.at < 6 * hour)) return []
              return [moveDispatch(db, { id: d.id, caseId: d.trip.caseId, from: m.from, to: m.to, column: m.column, kind: m.kind, note: `${d.label}: ${dispatchStatuses[m.to]}`, actorId: operator, now: at })]
            })
          : [],
      ),
    )
  }
}
