// Vocabulary of a case (DOMAIN.md, "The case's life"); the UI shows the Indonesian labels.

export const caseStatuses = ['baru', 'ditugaskan', 'ditangani', 'dirujuk', 'selesai', 'ditutup', 'duplikat', 'ditolak'] as const
export type CaseStatus = (typeof caseStatuses)[number]

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

/** Statuses whose 24-hour clock is still running. */
export const openStatuses: readonly CaseStatus[] = ['baru', 'ditugaskan', 'ditangani', 'dirujuk']

/** A surat tugas is issued while someone is on the case and it is still open. */
export const letterStatuses: readonly CaseStatus[] = ['ditugaskan', 'ditangani', 'dirujuk']

export const channels = { telepon: 'Telepon', datang: 'Datang langsung', whatsapp: 'WhatsApp', lainnya: 'Lainnya', online: 'Online' } as const
export type Channel = keyof typeof channels
/** Channels an operator records; `online` is the public form's own. */
export const operatorChannels: readonly Channel[] = ['telepon', 'datang', 'whatsapp', 'lainnya']

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
export const urgencies = { biasa: 'Biasa', segera: 'Segera', darurat: 'Darurat' } as const
export const dtksStatuses = { terdaftar: 'Terdaftar', tidak: 'Tidak terdaftar', tidak_diketahui: 'Tidak diketahui' } as const
