// No vitest here: the benchmarks (bench/) post the same form.
import { randomToken } from '../../worker/security/tokens'

/** Two kelurahan of Kota Pontianak used across tests. */
export const kelurahanA = '61.71.01.1003' // Benuamelayu Darat
export const kelurahanB = '61.71.02.1001'

/** A complete, valid intake form; override fields to test one thing. */
export function validReport(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    idem: randomToken(),
    reporter_name: 'Budi Santoso',
    reporter_phone: '0812 3456 7890',
    reporter_relation: 'tetangga',
    channel: 'telepon',
    person_name: 'Nenek Aminah',
    person_nik: '',
    person_age_group: 'lansia',
    person_sex: 'P',
    kelurahan: kelurahanA,
    address: 'Jl. Gusti Sulung Lelanang No. 7',
    rt: '3',
    rw: '12',
    landmark: 'dekat masjid',
    category: '',
    urgency: 'segera',
    description: 'Lansia tinggal sendiri, belum makan dua hari.',
    dtks_status: 'tidak_diketahui',
    // The candidates check ran, as it does in a browser as the operator types (issue 23).
    candidates_seen: '1',
    ...overrides,
  }
}
