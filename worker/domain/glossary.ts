/**
 * The words a person reads for each code Sigap stores (issue 19): pages, CSV exports and alert
 * messages all take their labels from here, so one thing is called one way everywhere. Codes stay
 * in the database and in URLs; a reader only ever sees the label (a CSV may add the code in a
 * column of its own, for machines).
 */
import type { CaseStatus, Channel } from './case'
import { dispatchStatuses } from './dispatch'

export const statusLabels: Record<CaseStatus, string> = {
  baru: 'Baru',
  ditugaskan: 'Ditugaskan',
  ditangani: 'Ditangani',
  dirujuk: 'Dirujuk',
  selesai: 'Selesai',
  ditutup: 'Ditutup',
  duplikat: 'Duplikat',
  ditolak: 'Ditolak',
}

export const roleLabels = {
  operator: 'Operator',
  fasilitator: 'Fasilitator',
  supervisor: 'Supervisor',
  kepala: 'Kepala Dinas',
  asisten: 'Asisten',
  walikota: 'Wali Kota / Bupati',
  admin: 'Admin',
  mitra: 'Mitra',
} as const
export type RoleCode = keyof typeof roleLabels

export const channels: Record<Channel, string> = { telepon: 'Telepon', datang: 'Datang langsung', whatsapp: 'WhatsApp', lainnya: 'Lainnya', online: 'Online' }

export const relations = {
  diri_sendiri: 'Diri sendiri',
  keluarga: 'Keluarga',
  tetangga: 'Tetangga / warga',
  rt_rw: 'Ketua RT/RW',
  aparat: 'Aparat / petugas',
  lainnya: 'Lainnya',
} as const

export const ageGroups = { anak: 'Anak (0–17)', dewasa: 'Dewasa (18–59)', lansia: 'Lansia (60+)', tidak_diketahui: 'Tidak diketahui' } as const
export const sexes = { L: 'Laki-laki', P: 'Perempuan', tidak_diketahui: 'Tidak diketahui' } as const
/** The report's priority. */
export const urgencies = { biasa: 'Biasa', segera: 'Segera', darurat: 'Darurat' } as const
export const dtksStatuses = { terdaftar: 'Terdaftar', tidak: 'Tidak terdaftar', tidak_diketahui: 'Tidak diketahui' } as const
/** What came of an usulan to DTKS/DTSEN, as the kelurahan's SIKS-NG operator reports it. */
export const dtksOutcomes = { menunggu: 'Menunggu', diterima: 'Diterima', ditolak: 'Ditolak' } as const

/** Kinds of alert in the inbox, the outbox and the messages sent. */
export const alertKindLabels = { pengingat: 'Pengingat', eskalasi: 'Eskalasi', ringkasan: 'Ringkasan harian', gagal_kirim: 'Pengiriman gagal', jawaban_mitra: 'Jawaban mitra', gagal_cadangan: 'Pencadangan gagal', jawaban_tamu: 'Jawaban kontak kelurahan', tenggat_mitra: 'Batas waktu mitra', penampakan: 'Penampakan' } as const

/** What each message to a reporter is (issue 21), for the conversation page and the deliveries list. */
export const reporterPurposeLabels = {
  survei: 'Tautan survei',
  diterima: 'Tanda terima otomatis',
  tiket: 'Nomor tiket',
  dirujuk: 'Kabar dirujuk',
  selesai: 'Kabar selesai dan survei',
  ditolak: 'Bukan untuk Dinas Sosial',
} as const
export const reporterStatusLabels = { pending: 'Menunggu dikirim', sending: 'Sedang dikirim', sent: 'Terkirim', failed: 'Gagal' } as const
/** Why a reply to the reporter failed for good (replyFailureOf in domain/reporter-messages.ts). */
export const replyFailureLabels = {
  survei_terisi: 'Survei sudah diisi sebelum tautannya terkirim',
  isi_kurang: 'Isi pesan belum lengkap (misalnya nomor tiket)',
  tanpa_nomor: 'Tidak ada nomor WhatsApp pelapor',
  jendela: 'Lewat 24 jam sejak pesan terakhir pelapor, dan WhatsApp tidak menerima templatenya',
  tidak_terdaftar: 'Nomor itu tidak dapat menerima pesan WhatsApp',
  berhenti: 'Pelapor memilih tidak menerima pesan dari instansi',
  template: 'Template pesan belum disetujui atau isinya tidak cocok di WhatsApp Manager',
  dibatasi: 'WhatsApp membatasi pengiriman untuk sementara',
  token: 'WhatsApp menolak akses Sigap (token kedaluwarsa atau tanpa izin); hubungi admin',
  tidak_terjangkau: 'WhatsApp tidak dapat dihubungi setelah beberapa kali percobaan',
  ditolak: 'WhatsApp menolak pesan ini',
  lainnya: 'Lainnya',
} as const
export type ReplyFailure = keyof typeof replyFailureLabels
/** What WhatsApp said of a message afterwards (status webhooks). */
export const whatsappStatusLabels = { sent: 'Terkirim ke WhatsApp', delivered: 'Sampai di ponsel', read: 'Dibaca', failed: 'Gagal di WhatsApp' } as const
/** How a reply went: free text inside the 24-hour window, or an approved template. */
export const sentAsLabels = { teks: 'Pesan teks', template: 'Template' } as const
/** What a reporter sent by WhatsApp (issue 21), as the queue and the timeline name it. */
export const waMessageKindLabels = { text: 'Teks', image: 'Foto', location: 'Lokasi', audio: 'Pesan suara', contacts: 'Kontak', unsupported: 'Jenis pesan tidak didukung' } as const

/** Where a WhatsApp conversation stands (worker/db/schema-whatsapp.ts). */
export const waConversationStatusLabels = { baru: 'Menunggu', kasus: 'Jadi kasus', ditolak: 'Ditolak' } as const

/** Why an operator turns a WhatsApp conversation away; the reporter is told it is not handled here. */
export const waRejectReasons = {
  bukan_dinsos: 'Bukan urusan Dinas Sosial',
  spam: 'Pesan iseng / spam',
  tidak_jelas: 'Tidak jelas, tidak dapat ditindaklanjuti',
  salah_kirim: 'Salah kirim',
} as const

/** Timeline name of each case event kind, capitalised like every other label. */
export const eventLabels: Record<string, string> = {
  dibuat: 'Laporan diterima',
  diimpor: 'Diimpor dari arsip',
  dibuka_kembali: 'Dibuka kembali oleh pelapor',
  pengingat: 'Pengingat',
  terlambat: 'Terlambat',
  // The rung's own label ("Eskalasi ke Asisten") is the event's note and replaces this one.
  eskalasi: 'Eskalasi',
  jawaban_mitra: 'Jawaban mitra',
  tautan_tamu: 'Tautan dikirim ke kontak kelurahan',
  tautan_tamu_dicabut: 'Tautan kontak kelurahan dicabut',
  jawaban_tamu: 'Jawaban kontak kelurahan',
  usulan_dtks: 'Diusulkan ke DTKS/DTSEN',
  hasil_usulan_dtks: 'Hasil usulan DTKS/DTSEN',
  lapor_id: 'Nomor tiket LAPOR! dicatat',
  tenggat_mitra: 'Mitra melewati batas waktu',
  dikembalikan_mitra: 'Dikembalikan oleh mitra',
  penampakan: 'Dilaporkan lagi (penampakan)',
  orang_digabung: 'Catatan orang digabung',
  orang_dipisah: 'Catatan orang dipisahkan',
  foto_orang: 'Foto orang disimpan',
  accept: 'Diterima fasilitator',
  visit: 'Kunjungan / kontak',
  refer: 'Dirujuk ke mitra',
  resolve: 'Diselesaikan',
  reject: 'Ditolak',
  duplicate: 'Ditandai duplikat',
  assign: 'Ditugaskan',
  kelurahan_ditetapkan: 'Kelurahan ditetapkan',
  close: 'Ditutup',
  send_back: 'Dikembalikan ke fasilitator',
  surat_tugas: 'Surat tugas terbit',
  surat_tugas_diminta: 'Surat tugas diminta',
  eskalasi_ditanggapi: 'Eskalasi ditanggapi',
  shelter_admit: 'Masuk rumah singgah',
  shelter_discharge: 'Keluar rumah singgah',
  assessment: 'Asesmen dicatat',
  document_step: 'Dokumen identitas',
  origin: 'Daerah asal dicatat',
  tracing: 'Penelusuran keluarga',
  service_details: 'Rincian layanan dicatat',
  dispatch: 'Kendaraan dikirim',
  dispatch_depart: 'Kendaraan berangkat',
  dispatch_arrive: 'Kendaraan tiba di lokasi',
  dispatch_finish: 'Tugas kendaraan selesai',
  dispatch_cancel: 'Pengiriman kendaraan dibatalkan',
  handover: 'Diserahkan ke fasilitator',
  pesan_whatsapp: 'Pesan WhatsApp dari pelapor',
}

/** What each audit log action did, as the admin and the data subject read it (the code stays beside it). */
export const auditActionLabels: Record<string, string> = {
  'case.create': 'Laporan dicatat',
  'case.read': 'Membuka kasus',
  'case.search': 'Mencari kasus',
  'case.export': 'Mengunduh daftar kasus (CSV)',
  'case.reopen': 'Dibuka kembali oleh pelapor',
  'case.spam': 'Ditandai laporan iseng',
  'duplicate.search': 'Mencari kemungkinan laporan ganda',
  'photo.read': 'Membuka foto kasus',
  'wa_conversation.read': 'Membuka pesan WhatsApp',
  'wa_media.read': 'Membuka foto/suara dari WhatsApp',
  'wa_conversation.case': 'Membuat kasus dari pesan WhatsApp',
  'wa_conversation.attach': 'Melampirkan pesan WhatsApp ke kasus',
  'wa_conversation.reject': 'Menolak pesan WhatsApp',
  'reporter_message.resend': 'Mengirim ulang pesan WhatsApp ke pelapor',
  'person.read': 'Membuka catatan orang',
  'person.search': 'Mencari orang yang sama',
  'person.update': 'Mengubah identitas orang',
  'person.merge': 'Menggabungkan catatan orang',
  'person.merge_undo': 'Membatalkan penggabungan catatan orang',
  'person.split': 'Memisahkan kasus ke catatan orang baru',
  'person.photo': 'Menyimpan foto orang',
  'sighting.create': 'Mencatat penampakan',
  'letter.read': 'Membuka surat tugas',
  'surat_tugas.issue': 'Menerbitkan surat tugas',
  'surat_tugas.request': 'Meminta surat tugas',
  'dtks_proposal.create': 'Mencatat usulan DTKS',
  'dtks_proposal.outcome': 'Mencatat hasil usulan DTKS',
  'referral.read': 'Mitra membuka rujukan',
  'partner.answer': 'Jawaban mitra',
  'guest_link.create': 'Mengirim tautan tamu',
  'guest_link.read': 'Tautan tamu dibuka',
  'guest_link.answer': 'Jawaban lewat tautan tamu',
  'guest_link.revoke': 'Mencabut tautan tamu',
  'assessment.create': 'Mencatat asesmen',
  'assessment.read': 'Membuka asesmen',
  'shelter.read': 'Membuka data rumah singgah',
  'shelter.admit': 'Masuk rumah singgah',
  'shelter.discharge': 'Keluar rumah singgah',
  'document.step': 'Mencatat dokumen identitas',
  'origin.save': 'Mencatat daerah asal',
  'tracing.add': 'Mencatat penelusuran keluarga',
  'service_details.save': 'Mencatat rincian layanan',
  'dispatch.create': 'Mengirim kendaraan',
  'open311.create': 'Laporan masuk lewat API Open311',
  'open311.read': 'Kasus dibaca lewat API Open311',
  'open311.denied': 'Permintaan API Open311 ditolak',
  'audit.export': 'Mengunduh log audit',
  'privacy.subject_access': 'Akses data subjek',
  'retention.photos': 'Foto dihapus (masa simpan habis)',
  'retention.purge': 'Data pribadi dihapus (masa simpan habis)',
  'retention.whatsapp': 'Percakapan WhatsApp yang ditolak dihapus (masa simpan habis)',
  'setting.update': 'Mengubah pengaturan',
  'api_key.issue': 'Menerbitkan kunci API',
  'api_key.revoke': 'Mencabut kunci API',
  'user.password_change': 'Mengganti kata sandi sendiri',
  'account.2fa.enrol': 'Mengaktifkan verifikasi dua langkah',
  'account.2fa.recovery_code': 'Masuk dengan kode pemulihan',
  'admin.user.create': 'Menambah pengguna',
  'admin.user.import': 'Mengimpor pengguna',
  'admin.user.update': 'Mengubah pengguna',
  'admin.user.enable': 'Mengaktifkan pengguna',
  'admin.user.disable': 'Menonaktifkan pengguna',
  'admin.user.alert_preferences': 'Mengubah pemberitahuan pengguna',
  'admin.user.reset_password': 'Mengatur ulang kata sandi pengguna',
  'admin.user.reset_2fa': 'Mengatur ulang verifikasi dua langkah pengguna',
  'admin.user.end_sessions': 'Mengakhiri sesi pengguna',
  'admin.kelurahan.first_in_line': 'Mengubah urutan fasilitator kelurahan',
  'admin.category.create': 'Menambah kategori',
  'admin.category.update': 'Mengubah kategori',
  'admin.category.retire': 'Menonaktifkan kategori',
  'admin.category.restore': 'Mengaktifkan kembali kategori',
  'admin.profile.update': 'Mengubah profil dinas',
  'admin.holiday.save': 'Menyimpan hari libur',
  'admin.holiday.delete': 'Menghapus hari libur',
  'admin.ladder.update': 'Mengubah tangga eskalasi',
  'admin.import.cases': 'Mengimpor kasus dari arsip',
  'admin.partner.create': 'Menambah mitra',
  'admin.partner.update': 'Mengubah mitra',
  'admin.partner.user': 'Menambah akun mitra',
}

/** The label of an audit action; a step on a case (`case.accept`) and a vehicle's move (`dispatch.tiba`) by their timeline and status words. */
export function auditActionLabel(code: string): string {
  if (Object.hasOwn(auditActionLabels, code)) return auditActionLabels[code]!
  const dot = code.indexOf('.')
  const [head, rest] = [code.slice(0, dot), code.slice(dot + 1)]
  if (head === 'case' && Object.hasOwn(eventLabels, rest)) return `Kasus: ${eventLabels[rest]}`
  if (head === 'dispatch' && Object.hasOwn(dispatchStatuses, rest)) return `Kendaraan: ${dispatchStatuses[rest as keyof typeof dispatchStatuses]}`
  return 'Lainnya'
}

/** The label of `code` in `labels`; an unknown code reads "Lainnya" rather than leaking the code. */
export function labelOf(labels: Readonly<Record<string, string>>, code: string | null | undefined, none = '—'): string {
  if (code === null || code === undefined || code === '') return none
  return Object.hasOwn(labels, code) ? labels[code]! : 'Lainnya'
}

export const statusLabel = (code: string | null | undefined) => labelOf(statusLabels, code)
export const roleLabel = (code: string | null | undefined) => labelOf(roleLabels, code)

/** Every stored code a reader must never see as it is (the browser tests scan pages for them). */
export const rawCodes: readonly string[] = [
  ...[statusLabels, roleLabels, channels, relations, ageGroups, urgencies, dtksStatuses, alertKindLabels, eventLabels, waConversationStatusLabels, waRejectReasons].flatMap((m) => Object.keys(m)),
].filter((code, i, all) => code.length > 1 && all.indexOf(code) === i)
