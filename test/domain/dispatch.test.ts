import { describe, expect, it } from 'vitest'
import { caseAfterTrip, caseAtDispatch, parseTripFinish, vehicleKindsFor } from '../../worker/domain/dispatch'

const t0 = Date.parse('2026-11-24T09:00:00+07:00')
const trip = (result: string, extra: Record<string, string> = {}) => {
  const parsed = parseTripFinish({ result, ...extra }, new Set([7]))
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return parsed.value
}

describe('what a trip does to its case', () => {
  it('starts the handling of a waiting case at dispatch and leaves a handled or referred one as it is', () => {
    expect(caseAtDispatch('baru')).toEqual({ from: 'baru', to: 'ditangani' })
    expect(caseAtDispatch('ditugaskan')).toEqual({ from: 'ditugaskan', to: 'ditangani' })
    expect(caseAtDispatch('ditangani')).toBeNull()
    expect(caseAtDispatch('dirujuk')).toBeNull()
  })

  it('settles the case with the crew’s outcome and the minutes since receipt', () => {
    const now = t0 + 95 * 60_000
    expect(caseAfterTrip({ status: 'ditangani', receivedAt: t0 }, trip('rumah_sakit', { note: 'IGD' }), { vehicle: 'Ambulans', facilitatorId: null }, now)).toEqual({
      kind: 'resolve', from: 'ditangani', to: 'selesai', outcome: 'diserahkan_rs', resolvedAt: now, handleMinutes: 95, note: 'Ambulans: Diserahkan ke rumah sakit. IGD',
    })
    expect(caseAfterTrip({ status: 'ditangani', receivedAt: t0 }, trip('tidak_ditemukan'), { vehicle: 'A', facilitatorId: null }, now)).toMatchObject({ to: 'selesai', outcome: 'tidak_ditemukan' })
    expect(caseAfterTrip({ status: 'ditangani', receivedAt: t0 }, trip('menolak'), { vehicle: 'A', facilitatorId: null }, now)).toMatchObject({ to: 'selesai', outcome: 'menolak' })
  })

  it('hands the case on to a facilitator, the queue or a shelter, and leaves a case no longer open alone', () => {
    expect(caseAfterTrip({ status: 'ditangani', receivedAt: t0 }, trip('fasilitator'), { vehicle: 'A', facilitatorId: 3 }, t0)).toMatchObject({ kind: 'handover', to: 'ditugaskan', assignTo: 3 })
    expect(caseAfterTrip({ status: 'ditangani', receivedAt: t0 }, trip('fasilitator'), { vehicle: 'A', facilitatorId: null }, t0)).toMatchObject({ kind: 'handover', to: 'baru', assignTo: null })
    expect(caseAfterTrip({ status: 'ditangani', receivedAt: t0 }, trip('rumah_singgah', { shelter: '7' }), { vehicle: 'A', facilitatorId: null }, t0)).toMatchObject({ kind: 'shelter', shelterId: 7 })
    expect(caseAfterTrip({ status: 'ditutup', receivedAt: t0 }, trip('rumah_sakit'), { vehicle: 'A', facilitatorId: null }, t0)).toBeNull()
  })

  it('needs a result, and a known shelter for a trip to one', () => {
    expect(parseTripFinish({}, new Set([7]))).toMatchObject({ ok: false, errors: { result: 'Pilih hasil perjalanan.' } })
    expect(parseTripFinish({ result: 'rumah_singgah', shelter: '8', note: 'x' }, new Set([7]))).toMatchObject({ ok: false, values: { note: 'x' }, errors: { shelter: 'Pilih rumah singgah tujuan.' } })
  })

  it('knows which reports ask for which vehicle', () => {
    expect(vehicleKindsFor('ambulans')).toEqual(['ambulans', 'jenazah'])
    expect(vehicleKindsFor('laras-antar-jemput')).toEqual(['trc'])
    expect(vehicleKindsFor('jps-kesehatan')).toEqual([])
    expect(vehicleKindsFor(undefined)).toEqual([])
  })
})
