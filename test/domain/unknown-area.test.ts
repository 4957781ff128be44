import { describe, expect, it } from 'vitest'
import { parseIntake } from '../../worker/domain/intake'
import { isUnknownKelurahan, kelurahanRefusal, parseKelurahanChoice, unknownAreaCodes } from '../../worker/domain/unknown-area'
import { kelurahanA, validReport } from '../support/report'

const unknown = unknownAreaCodes('61.71').kelurahan
const ctx = { categoryIds: new Set([1]), kelurahanCodes: new Set([kelurahanA, unknown]), provinceCodes: new Set(['61']), now: Date.parse('2026-12-01T00:00:00Z') }

describe('kelurahan "belum diketahui"', () => {
  it('has a code of its own under a kecamatan 00 that the official data never uses', () => {
    expect(unknownAreaCodes('61.71')).toEqual({ kecamatan: '61.71.00', kelurahan: '61.71.00.0000' })
    expect(isUnknownKelurahan(unknown)).toBe(true)
    expect(isUnknownKelurahan(kelurahanA)).toBe(false)
    expect(isUnknownKelurahan('61.71.00.1001')).toBe(false)
  })

  it('files a report without a kelurahan only with a landmark', () => {
    const without = parseIntake(validReport({ category: '1', kelurahan: unknown, landmark: ' ' }), ctx)
    expect(without.ok).toBe(false)
    expect(!without.ok && without.errors.landmark).toMatch(/^Kelurahan belum diketahui: isi patokan/)
    expect(!without.ok && Object.keys(without.errors)).toEqual(['landmark'])
    const withLandmark = parseIntake(validReport({ category: '1', kelurahan: unknown, landmark: 'depan Masjid Al-Falah' }), ctx)
    expect(withLandmark.ok && withLandmark.value.report).toMatchObject({ kelurahanCode: unknown, landmark: 'depan Masjid Al-Falah' })
    // A known kelurahan still needs no landmark.
    expect(parseIntake(validReport({ category: '1', landmark: '' }), ctx).ok).toBe(true)
  })

  it('lets a form set an official kelurahan once, on the version it saw', () => {
    const kase = { kelurahanCode: unknown, version: 3 }
    expect(kelurahanRefusal(kase, 3)).toBeNull()
    expect(kelurahanRefusal(kase, 2)).toMatch(/sudah diubah orang lain/)
    expect(kelurahanRefusal({ kelurahanCode: kelurahanA, version: 3 }, 3)).toBe('Kelurahan kasus ini sudah ditetapkan.')
    const official = new Set([kelurahanA])
    expect(parseKelurahanChoice({ kelurahan: kelurahanA }, official)).toEqual({ ok: true, value: kelurahanA })
    expect(parseKelurahanChoice({ kelurahan: unknown }, official)).toEqual({ ok: false, values: { kelurahan: unknown }, errors: { kelurahan: 'Pilih kelurahan dari daftar.' } })
    expect(parseKelurahanChoice({}, official)).toMatchObject({ ok: false, errors: { kelurahan: 'Pilih kelurahan dari daftar.' } })
  })
})
