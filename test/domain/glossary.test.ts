import { describe, expect, it } from 'vitest'
import { users } from '../../worker/db/schema'
import { alerts } from '../../worker/db/schema-alerts'
import { actions } from '../../worker/domain/transitions'
import { caseStatuses } from '../../worker/domain/case'
import { alertKindLabels, eventLabels, labelOf, rawCodes, roleLabel, roleLabels, statusLabel } from '../../worker/domain/glossary'

describe('glossary', () => {
  it('names every status, role and alert kind the database can hold, capitalised', () => {
    for (const code of caseStatuses) expect(statusLabel(code)).toMatch(/^[A-Z]/)
    expect(Object.keys(roleLabels).sort()).toEqual([...users.role.enumValues].sort())
    expect(Object.keys(alertKindLabels).sort()).toEqual([...alerts.kind.enumValues].sort())
    expect(roleLabel('kepala')).toBe('Kepala Dinas')
    expect(roleLabel('mitra')).toBe('Mitra')
  })

  it('names every timeline event: each action, the sweep’s reminders and escalations, capitalised', () => {
    for (const kind of [...actions.map((a) => a.replace('-', '_')), 'dibuat', 'pengingat', 'terlambat', 'eskalasi', 'dibuka_kembali', 'jawaban_mitra', 'surat_tugas', 'diimpor']) {
      expect(eventLabels[kind], kind).toMatch(/^[A-Z]/)
    }
    expect([eventLabels.pengingat, eventLabels.terlambat]).toEqual(['Pengingat', 'Terlambat'])
  })

  it('never hands back a raw code: an unknown one reads "Lainnya", a missing one a dash', () => {
    expect(statusLabel('ditugaskan')).toBe('Ditugaskan')
    expect(statusLabel('dihapus')).toBe('Lainnya')
    expect(labelOf(roleLabels, null)).toBe('—')
    expect(labelOf(roleLabels, 'toString')).toBe('Lainnya')
  })

  it('lists the codes a page scan looks for, one-letter codes aside', () => {
    expect(rawCodes).toEqual(expect.arrayContaining(['ditugaskan', 'online', 'biasa', 'fasilitator', 'mitra', 'tidak_diketahui', 'send_back']))
    expect(rawCodes).not.toContain('L')
  })
})
