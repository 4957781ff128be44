// Default categories from DOMAIN.md, with their targets. Admins change them later; these only fill an empty database.
// Calendar hours by default (social emergencies do not wait for office hours); administrative requests
// count working hours.
type CategorySeed = { code: string; name: string; group?: string; hours?: number; clock?: 'working'; urgency?: 'segera' | 'darurat' }

export const defaultCategories: CategorySeed[] = [
  { code: 'jps-kesehatan', name: 'JPS Kesehatan', group: 'JPS Kesehatan', urgency: 'segera' },
  { code: 'jps-pendidikan', name: 'JPS Pendidikan', group: 'JPS Pendidikan' },
  { code: 'jps-rutilahu', name: 'JPS Rutilahu (bedah rumah)', group: 'JPS Rutilahu' },
  { code: 'jps-sosial', name: 'JPS Sosial', group: 'JPS Sosial' },
  { code: 'kis-pbi', name: 'Pengajuan KIS/BPJS PBI', group: 'JPS Kesehatan', clock: 'working' },
  { code: 'kis-bermasalah', name: 'KIS bermasalah', group: 'JPS Kesehatan' },
  { code: 'dtks', name: 'Pengajuan DTKS/BDT', clock: 'working' },
  { code: 'pkh', name: 'PKH bermasalah' },
  { code: 'bpnt', name: 'BPNT' },
  { code: 'kip', name: 'KIP', group: 'JPS Pendidikan', clock: 'working' },
  { code: 'pelatihan-kerja', name: 'Pelatihan kerja', clock: 'working' },
  { code: 'uep', name: 'Usaha Ekonomi Produktif (UEP)', clock: 'working' },
  { code: 'rehsos', name: 'Rehabilitasi sosial' },
  { code: 'orang-terlantar', name: 'Orang terlantar', urgency: 'segera' },
  { code: 'odgj', name: 'ODGJ (orang dengan gangguan jiwa)', urgency: 'segera' },
  { code: 'lansia-terlantar', name: 'Lansia terlantar', urgency: 'segera' },
  { code: 'anak-terlantar', name: 'Anak terlantar / putus sekolah', urgency: 'segera' },
  { code: 'pgot', name: 'PGOT (pengemis, gelandangan, orang terlantar)' },
  { code: 'korban-bencana', name: 'Korban bencana', urgency: 'darurat' },
  { code: 'ramah', name: 'RAMAH (antar sampai rumah)' },
  { code: 'reaksi-cepat', name: 'Reaksi cepat', urgency: 'darurat' },
  { code: 'ambulans', name: 'Ambulans / jenazah', urgency: 'darurat', hours: 2 },
  // The five SI LARAS MANIS service types (seed 004); their extra fields: domain/service-fields.ts.
  { code: 'laras-rawat-inap', name: 'Pendampingan pasien rawat inap', group: 'SI LARAS MANIS', urgency: 'segera' },
  { code: 'laras-rujukan-rs', name: 'Pendampingan rujukan ke rumah sakit (mis. RSJ)', group: 'SI LARAS MANIS', urgency: 'segera' },
  { code: 'laras-perawatan-rumah', name: 'Perawatan lansia/disabilitas yang tinggal sendiri', group: 'SI LARAS MANIS', hours: 48 },
  { code: 'laras-rawat-jalan', name: 'Pendampingan rawat jalan', group: 'SI LARAS MANIS', hours: 48 },
  { code: 'laras-antar-jemput', name: 'Penjemputan / pengantaran PPKS (mobil TRC)', group: 'SI LARAS MANIS', urgency: 'segera', hours: 6 },
]

// Demo only (loadDemoUsers): seed 002's Siantan Hulu has more than one facilitator (a PSM and a TKSK
// beside the kelurahan's own), and seed 004 coordinates with the lurah, Babinsa, Bhabinkamtibmas and RT/RW.
export const demoBusyKelurahan = 'Siantan Hulu'
export const demoExtraFacilitators = [
  { prefix: 'psm', title: 'PSM' },
  { prefix: 'tksk', title: 'TKSK' },
] as const
export const demoContacts = [
  { role: 'lurah', name: 'Lurah', unit: null },
  { role: 'babinsa', name: 'Babinsa', unit: null },
  { role: 'bhabinkamtibmas', name: 'Bhabinkamtibmas', unit: null },
  { role: 'ketua_rt', name: 'Ketua RT 001', unit: 'RT 001' },
  { role: 'ketua_rw', name: 'Ketua RW 005', unit: 'RW 005' },
] as const
