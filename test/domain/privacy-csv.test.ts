import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getTableColumns } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cases } from '../../worker/db/schema'
import { auditActionLabel } from '../../worker/domain/glossary'
import { auditCsv, caseFields, subjectAccessCsv } from '../../worker/domain/privacy-csv'

const at = Date.parse('2026-12-07T14:05:00+07:00')

describe('privacy CSV exports', () => {
  it('names every column of a case (the subject is owed all of it) except the form key, which is never exported', () => {
    const exported = Object.keys(getTableColumns(cases)).filter((c) => c !== 'idempotencyKey')
    expect(exported.filter((c) => !(c in caseFields))).toEqual([])
  })

  it('writes the audit log with labels and Indonesian times, the action code in a column of its own', () => {
    const csv = auditCsv([{ id: 7, at, username: null, action: 'case.accept', ticket: '2612-0005', detail: 'ditugaskan->ditangani' }], 'Asia/Pontianak')
    expect(csv).toBe('\uFEFFNo.,Waktu,Pengguna,Tindakan,Tiket,Rincian,Kode tindakan\r\n7,7 Des 2026 14.05 WIB,Sistem / publik,Kasus: Diterima fasilitator,2612-0005,ditugaskan->ditangani,case.accept\r\n')
  })

  it('shows a subject each field by its name, coded values by their label (code beside), times as Indonesians write them', () => {
    const csv = subjectAccessCsv(
      [
        {
          ticket: '2612-0005',
          status: 'ditugaskan',
          channel: 'online',
          personAgeGroup: 'lansia',
          outcome: null,
          receivedAt: at,
          handleMinutes: 90,
          events: [{ at, kind: 'assign', fromStatus: 'baru', toStatus: 'ditugaskan', note: null, actor: 'Siti' }],
          processingTrail: [{ at, action: 'case.read', detail: null, actor: null }],
        },
      ],
      'Asia/Pontianak',
    )
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFTiket,Bagian,Nama,Isi,Waktu,Oleh,Kode nama,Kode isi',
      '2612-0005,Data kasus,Nomor tiket,2612-0005,,,ticket,',
      '2612-0005,Data kasus,Status,Ditugaskan,,,status,ditugaskan',
      '2612-0005,Data kasus,Saluran,Online,,,channel,online',
      '2612-0005,Data kasus,Kelompok umur,Lansia (60+),,,personAgeGroup,lansia',
      '2612-0005,Data kasus,Hasil penanganan,,,,outcome,',
      '2612-0005,Data kasus,Diterima,7 Des 2026 14.05 WIB,,,receivedAt,',
      '2612-0005,Data kasus,Waktu penanganan (menit),90,,,handleMinutes,',
      '2612-0005,Riwayat,Ditugaskan,Baru → Ditugaskan,7 Des 2026 14.05 WIB,Siti,assign,',
      '2612-0005,Jejak pemrosesan,Membuka kasus,,7 Des 2026 14.05 WIB,Sistem / publik,case.read,',
      '',
    ])
  })

  it('names every audit action the code writes: each dotted literal within two lines of an audit write', () => {
    const files = readdirSync('worker', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f))
    const unnamed: string[] = []
    for (const file of files) {
      const lines = readFileSync(join('worker', file), 'utf8').split('\n')
      lines.forEach((line, i) => {
        // A settings key read with .get('agency.name') is not an action.
        for (const m of line.matchAll(/(?<!\.get\()'([a-z0-9_]+\.[a-z0-9_.]+)'/g)) {
          if (lines.slice(Math.max(0, i - 2), i + 3).join('\n').includes('audit') && auditActionLabel(m[1]!) === 'Lainnya') unnamed.push(`${file}: ${m[1]}`)
        }
      })
    }
    expect(files.length).toBeGreaterThan(50)
    expect(unnamed).toEqual([])
  })

  it('labels audit actions, a case step by its timeline word and a vehicle move by its status, and never returns a code', () => {
    expect(auditActionLabel('privacy.subject_access')).toBe('Akses data subjek')
    expect(auditActionLabel('case.send_back')).toBe('Kasus: Dikembalikan ke fasilitator')
    expect(auditActionLabel('dispatch.tiba')).toBe('Kendaraan: Tiba di lokasi')
    expect(auditActionLabel('case.toString')).toBe('Lainnya')
    expect(auditActionLabel('tidak.dikenal')).toBe('Lainnya')
  })
})
