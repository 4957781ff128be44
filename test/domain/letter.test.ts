import { describe, expect, it } from 'vitest'
import { basisLines, letterFormDefaults, parseLetterForm, signerOf } from '../../worker/domain/letter'
import { checkNip, formatNip } from '../../worker/domain/nip'

const today = { year: 2026, month: 12, day: 7 }
const form = (o: Record<string, string>) => parseLetterForm({ task: 'Menemui warga.', period_start: '2026-12-07', period_end: '2026-12-09', ...o }, today)
const errorsOf = (o: Record<string, string>) => {
  const r = form(o)
  return r.ok ? {} : r.errors
}

describe('NIP', () => {
  it('takes 18 digits as people write them and prints them grouped', () => {
    expect(checkNip('19750328 200604 2 017')).toEqual({ ok: true, nip: '197503282006042017' })
    expect(formatNip('197503282006042017')).toBe('19750328 200604 2 017')
  })

  it('refuses a wrong length, a birth date or appointment month that cannot be, and a sex code other than 1 or 2', () => {
    for (const bad of ['19750328200604201', '1975032820060420171', '197513282006042017', '197503322006042017', '197503282006132017', '197503282006043017', '19750328-200604-2-017']) expect(checkNip(bad).ok, bad).toBe(false)
  })
})

describe('the issue form', () => {
  it('accepts a period of one day up to 31 days, starting up to 7 days back', () => {
    expect(form({})).toEqual({ ok: true, value: { task: 'Menemui warga.', periodStart: '2026-12-07', periodEnd: '2026-12-09' } })
    expect(form({ period_start: '2026-11-30', period_end: '2026-11-30' }).ok).toBe(true)
    expect(errorsOf({ period_start: '2026-11-29', period_end: '2026-11-30' })).toEqual({ period_start: 'Tanggal mulai paling lama 7 hari yang lalu.' })
    expect(form({ period_end: '2027-01-06' }).ok).toBe(true)
    expect(errorsOf({ period_end: '2027-01-07' })).toEqual({ period_end: 'Masa tugas paling lama 31 hari.' })
    expect(errorsOf({ period_end: '2026-12-06' })).toEqual({ period_end: 'Tanggal selesai tidak boleh sebelum tanggal mulai.' })
    expect(errorsOf({ period_start: '2026-02-30' })).toEqual({ period_start: 'Pilih tanggal mulai.' })
  })

  it('joins the lines of the task into one paragraph and refuses a NIK in it, however spaced', () => {
    expect(form({ task: 'Menemui warga\r\n  dan keluarganya.' })).toMatchObject({ ok: true, value: { task: 'Menemui warga dan keluarganya.' } })
    expect(errorsOf({ task: 'NIK 6171.0145.0180.0003' }).task).toMatch(/^Jangan tulis NIK/)
    expect(form({ task: 'Nomor tiket 2611-0005, RT 003 RW 012, telepon 0812 3456 7890.' }).ok).toBe(true)
    expect(errorsOf({ task: 'x'.repeat(401) }).task).toBe('Terlalu panjang (paling banyak 400 karakter).')
  })

  it('opens with a task that names the ticket and the area, not the person, and three days from today', () => {
    expect(letterFormDefaults({ ticket: '2612-0001', kelurahanName: 'Darat Sekip', kecamatanName: 'Pontianak Kota' }, today)).toEqual({
      task: 'Menindaklanjuti laporan nomor 2612-0001 di Kelurahan Darat Sekip, Kecamatan Pontianak Kota: menemui warga yang dilaporkan, menilai kebutuhannya, dan memberikan pelayanan atau rujukan sesuai ketentuan.',
      period_start: '2026-12-07',
      period_end: '2026-12-09',
    })
  })
})

describe('the agency settings of the letter', () => {
  it('numbers Dasar itself: typed numbering and empty lines go', () => {
    expect(basisLines('1. Keputusan A\r\n\r\n b) Peraturan B\n  12. Surat C ')).toEqual(['Keputusan A', 'Peraturan B', 'Surat C'])
  })

  it('signs with the configured signer, else the issuer under their own position or the configured title', () => {
    const issuer = { name: 'Rahmat', nip: '197503282006041017', rank: null, position: null }
    expect(signerOf(new Map([['letter.signer_name', 'Nurul'], ['letter.signer_nip', '196805121994032007']]), issuer)).toEqual({ name: 'Nurul', nip: '196805121994032007', rank: null, position: 'Kepala Dinas Sosial' })
    expect(signerOf(new Map([['letter.signer_title', 'Kepala Dinas Sosial Kota Pontianak']]), issuer)).toEqual({ ...issuer, position: 'Kepala Dinas Sosial Kota Pontianak' })
    expect(signerOf(new Map(), { ...issuer, position: 'Kepala Bidang Rehabilitasi Sosial' }).position).toBe('Kepala Bidang Rehabilitasi Sosial')
  })
})
