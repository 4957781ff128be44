import { describe, expect, it } from 'vitest'
import { guestAnswerNote, guestLinkExpiresAt, guestLinkState, parseGuestAnswer, parseGuestLinkRequest } from '../../worker/domain/guest-link'

const now = Date.parse('2026-11-24T09:00:00+07:00')
const idem = 'k'.repeat(32)

describe('guest link clock', () => {
  it('works for 72 hours, not at the expiry instant, and never after revocation', () => {
    const expiresAt = guestLinkExpiresAt(now)
    expect(expiresAt - now).toBe(72 * 3_600_000)
    expect(guestLinkState({ expiresAt, revokedAt: null }, expiresAt - 1)).toBe('active')
    expect(guestLinkState({ expiresAt, revokedAt: null }, expiresAt)).toBe('expired')
    expect(guestLinkState({ expiresAt, revokedAt: now + 1 }, now + 2)).toBe('revoked')
  })
})

describe('guest forms', () => {
  it('take a contact of the case and an errand, with the typed values back on error', () => {
    expect(parseGuestLinkRequest({ contact: '7', ask: ' Cek lokasi ', idem }, new Set([7]))).toEqual({ ok: true, value: { contactId: 7, ask: 'Cek lokasi', idem } })
    const bad = parseGuestLinkRequest({ contact: '8', ask: 'x'.repeat(501), idem }, new Set([7]))
    expect(bad).toMatchObject({ ok: false, values: { contact: '8' }, errors: { contact: 'Pilih kontak kelurahan.', ask: 'Permintaan paling banyak 500 karakter.' } })
    expect(parseGuestLinkRequest({ contact: '7', ask: 'a\u202eb', idem }, new Set([7]))).toMatchObject({ ok: false, errors: { ask: expect.stringContaining('karakter') } })
  })

  it('take a choice, or a note alone as a note', () => {
    expect(parseGuestAnswer({ answer: 'tidak_ada', note: '', idem })).toEqual({ ok: true, value: { answer: 'tidak_ada', note: null, idem } })
    expect(parseGuestAnswer({ note: 'Sudah dibawa keluarga', idem })).toEqual({ ok: true, value: { answer: 'catatan', note: 'Sudah dibawa keluarga', idem } })
    expect(parseGuestAnswer({ answer: 'catatan', note: '', idem })).toMatchObject({ ok: false, errors: { note: 'Tulis catatannya.' } })
    expect(parseGuestAnswer({ answer: 'dicuri', idem })).toMatchObject({ ok: false, errors: { answer: 'Pilih jawaban, atau tulis catatan.' } })
    expect(parseGuestAnswer({ answer: 'tidak_ada' })).toMatchObject({ ok: false })
  })

  it('word the timeline entry with the role, the name and the answer', () => {
    expect(guestAnswerNote({ contactName: 'Serda Rahmat', roleLabel: 'Babinsa' }, 'tidak_ada', 'Rumah kosong')).toBe('Babinsa Serda Rahmat: Orangnya tidak ada. Rumah kosong')
    expect(guestAnswerNote({ contactName: 'Pak RT', roleLabel: 'Ketua RT' }, 'catatan', 'Pindah ke RW 5')).toBe('Ketua RT Pak RT: Pindah ke RW 5')
  })
})
