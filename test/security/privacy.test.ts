import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, cases, guestLinks, people, settings } from '../../worker/db/schema'
import { runSweep } from '../../worker/jobs/run'
import { purgeExpired } from '../../worker/jobs/retention'
import { sha256Hex } from '../../worker/security/tokens'
import { createTestApp, validReport, type TestApp } from '../support/app'
import { fileCase } from '../support/handling'

const nik = '6171015508900001'

async function adminOf(t: TestApp) {
  return t.cookieFor(await t.addUser('admin'))
}

async function closeCase(t: TestApp, id: number, status: 'ditutup' | 'ditolak' | 'duplikat' | 'selesai', closedAt: number | null) {
  await t.db.update(cases).set({ status, closedAt, resolvedAt: closedAt }).where(eq(cases.id, id))
  await t.db.insert(caseEvents).values({ caseId: id, at: closedAt ?? t.clock.now(), kind: 'catatan', note: 'Nenek Aminah dirujuk ke RSJ karena depresi berat' })
  // What a kelurahan contact was asked (issue 24) may name the person too.
  const by = (await t.addUser('supervisor')).id
  await t.db.insert(guestLinks).values({ caseId: id, contactName: 'Pak RT', contactRole: 'ketua_rt', contactPhone: '+6281255550001', ask: 'Cek Nenek Aminah', tokenHash: `h${id}-${closedAt}`, idem: `i${id}-${closedAt}`, createdBy: by, createdAt: 0, expiresAt: 1 })
}

describe('subject access (UU PDP Pasal 32)', () => {
  it("exports one person's cases by NIK with their events and processing trail, and audits the export without the NIK", async () => {
    const t = await createTestApp()
    const operator = await t.cookieFor(await t.addUser('operator'))
    const mine = await fileCase(t, operator, { person_nik: nik })
    const other = await fileCase(t, operator, { person_nik: '', reporter_phone: '0813 1111 2222', person_name: 'Pak Umar' })
    const admin = await adminOf(t)
    await t.request(`/cases/${mine.id}`, { cookie: admin }) // a read that must show in the trail

    expect((await t.request('/admin/privacy', { cookie: admin })).status).toBe(200)
    const res = await t.request('/admin/privacy/export', { cookie: admin, form: { nik: ' 6171 0155 0890 0001 ', phone: '', format: 'json' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Disposition')).toMatch(/attachment/)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const body = (await res.json()) as { cases: (Record<string, unknown> & { events: { kind: string }[]; processingTrail: { action: string }[] })[] }
    expect(body.cases).toHaveLength(1)
    const exported = body.cases[0]!
    expect(exported).toMatchObject({ id: mine.id, ticket: mine.ticket, personNik: nik, personName: 'Nenek Aminah', description: mine.description })
    expect(exported.idempotencyKey).toBeUndefined()
    expect(exported.events.map((e) => e.kind)).toContain('dibuat')
    expect(exported.processingTrail.map((a) => a.action)).toEqual(expect.arrayContaining(['case.create', 'case.read']))
    expect(JSON.stringify(body)).not.toContain('Pak Umar')

    const trail = await t.db.select().from(auditLog).where(eq(auditLog.action, 'privacy.subject_access'))
    expect(trail.map((r) => r.caseId)).toEqual([mine.id])
    expect(JSON.stringify(trail)).not.toContain(nik)
    expect(JSON.parse(trail[0]!.detail!).key).toBe(await sha256Hex(`${nik}|`))
    void other
  })

  it("finds a reporter's cases by phone, as CSV, and re-renders the form on bad input", async () => {
    const t = await createTestApp()
    const operator = await t.cookieFor(await t.addUser('operator'))
    await fileCase(t, operator, { reporter_phone: '0812 9999 0000', description: '=HYPERLINK("http://evil","x")' })
    const admin = await adminOf(t)
    const res = await t.request('/admin/privacy/export', { cookie: admin, form: { nik: '', phone: '+62 812-9999-0000', format: 'csv' } })
    expect(res.status).toBe(200)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text).toContain(`'=HYPERLINK`)
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m)
    const bad = await t.request('/admin/privacy/export', { cookie: admin, form: { nik: '12345', phone: '', format: 'json' } })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('value="12345"')
  })

  it('writes the CSV in the words and times a person reads, codes only in their own columns; the audit log CSV too', async () => {
    const t = await createTestApp({ now: '2026-12-07T14:05:00+07:00' })
    const operator = await t.cookieFor(await t.addUser('operator'))
    const kase = await fileCase(t, operator, { person_nik: nik })
    const admin = await adminOf(t)
    await t.request(`/cases/${kase.id}`, { cookie: admin })
    const decode = async (res: Response) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
    const subject = await decode(await t.request('/admin/privacy/export', { cookie: admin, form: { nik, phone: '', format: 'csv' } }))
    const lines = subject.split('\r\n')
    expect(lines[0]).toBe('\uFEFFTiket,Bagian,Nama,Isi,Waktu,Oleh,Kode nama,Kode isi')
    expect(lines).toContain(`${kase.ticket},Data kasus,Status,Baru,,,status,baru`)
    expect(lines).toContain(`${kase.ticket},Data kasus,Diterima,7 Des 2026 14.05 WIB,,,receivedAt,`)
    expect(lines.some((l) => l.startsWith(`${kase.ticket},Riwayat,Laporan diterima,Baru,7 Des 2026 14.05 WIB,`) && l.endsWith(',dibuat,'))).toBe(true)
    expect(lines.some((l) => l.startsWith(`${kase.ticket},Jejak pemrosesan,Membuka kasus,,7 Des 2026 14.05 WIB,`) && l.endsWith(',case.read,'))).toBe(true)
    // No ISO time anywhere (the old export wrote 2026-12-07T07:05:00.000Z).
    expect(subject).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    const audit = await decode(await t.request('/admin/audit.csv?action=case', { cookie: admin }))
    expect(audit.split('\r\n')[0]).toBe('\uFEFFNo.,Waktu,Pengguna,Tindakan,Tiket,Rincian,Kode tindakan')
    expect(audit).toMatch(new RegExp(`\\r\\n\\d+,7 Des 2026 14\\.05 WIB,[^,]+,Membuka kasus,${kase.ticket},,case\\.read\\r\\n`))
    expect(audit).not.toMatch(/\d{4}-\d{2}-\d{2}/)
  })

  it('exports the person record behind the cases, one found by its NIK after the report, and the sightings on them (issue 23)', async () => {
    const t = await createTestApp()
    const operator = await t.cookieFor(await t.addUser('operator'))
    const kase = await fileCase(t, operator, { person_nik: '', person_name: 'Tn. X Terminal', person_unknown: '1', person_features: 'tato naga di lengan' })
    // The identity established later, on the person record only; then a second caller.
    await t.db.update(people).set({ nik, name: 'Ahmad Yani', identityKnown: true }).where(eq(people.id, kase.personId!))
    await t.request('/intake', { cookie: operator, form: validReport({ category: String(kase.categoryId), reporter_name: 'Bu Marni', reporter_phone: '0813 7777 6666', link: `s:${kase.id}` }) })
    const admin = await adminOf(t)
    const res = await t.request('/admin/privacy/export', { cookie: admin, form: { nik, phone: '', format: 'json' } })
    const body = (await res.json()) as { cases: { id: number }[]; people: Record<string, unknown>[]; sightings: Record<string, unknown>[] }
    expect(body.cases.map((k) => k.id)).toEqual([kase.id])
    expect(body.people).toEqual([expect.objectContaining({ id: kase.personId, name: 'Ahmad Yani', nik, features: 'tato naga di lengan' })])
    expect(body.people[0]!.intakeKey).toBeUndefined()
    expect(body.sightings).toEqual([expect.objectContaining({ caseId: kase.id, reporterName: 'Bu Marni' })])
    // The caller who phoned the sighting in finds it by their number.
    const byPhone = await t.request('/admin/privacy/export', { cookie: admin, form: { nik: '', phone: '0813 7777 6666', format: 'csv' } })
    expect(await byPhone.text()).toContain('Bu Marni')
  })

  it('is for admins only', async () => {
    const t = await createTestApp()
    for (const role of ['operator', 'supervisor', 'kepala'] as const) {
      const cookie = await t.cookieFor(await t.addUser(role))
      expect((await t.request('/admin/privacy/export', { cookie, form: { nik } })).status).toBe(403)
      expect((await t.request('/admin/audit', { cookie })).status).toBe(403)
    }
  })
})

describe('retention (UU PDP Pasal 42–44)', () => {
  it('purges the personal fields of cases closed longer ago than five years, keeping the anonymous figures', async () => {
    const t = await createTestApp({ now: '2026-01-10T09:00:00+07:00' })
    const operator = await t.cookieFor(await t.addUser('operator'))
    const old = await fileCase(t, operator, { person_nik: nik })
    const rejected = await fileCase(t, operator)
    const recent = await fileCase(t, operator)
    const resolved = await fileCase(t, operator)
    const open = await fileCase(t, operator)
    await closeCase(t, old.id, 'ditutup', t.clock.now())
    await closeCase(t, rejected.id, 'ditolak', t.clock.now())
    await closeCase(t, resolved.id, 'selesai', null) // resolved but never closed: still in use
    t.clock.advance({ days: 400 })
    await closeCase(t, recent.id, 'ditutup', t.clock.now())

    // Five years after the first closings, less a day: nothing yet.
    t.clock.set('2031-01-09T09:00:00+07:00')
    expect(await purgeExpired(t.db, t.clock.now())).toEqual({ purged: 0 })
    // The sweep purges once a day, on its tick after 18:00 UTC (01:00 WIB).
    t.clock.set('2031-01-10T18:00:00+07:00')
    expect((await runSweep(t.db, t.config, t.clock.now(), async () => new Response('ok'))).retention).toEqual({ purged: 0 })
    t.clock.set('2031-01-11T01:02:00+07:00')
    const report = await runSweep(t.db, t.config, t.clock.now(), async () => new Response('ok'))
    expect(report.retention).toEqual({ purged: 2 })

    for (const id of [old.id, rejected.id]) {
      const [row] = await t.db.select().from(cases).where(eq(cases.id, id))
      expect(row).toMatchObject({ personNik: null, personName: '', reporterName: '', reporterPhone: null, address: '', description: '', landmark: null, rt: null, rw: null, purgedAt: t.clock.now() })
      // The figures stay: category, kelurahan, dates, status, age group and sex.
      expect(row).toMatchObject({ categoryId: old.categoryId, kelurahanCode: old.kelurahanCode, receivedAt: old.receivedAt, personAgeGroup: old.personAgeGroup, personSex: old.personSex })
      expect(['ditutup', 'ditolak']).toContain(row!.status)
      const notes = await t.db.select({ note: caseEvents.note }).from(caseEvents).where(eq(caseEvents.caseId, id))
      expect(notes.every((n) => n.note === null)).toBe(true)
      expect(await t.db.select({ ask: guestLinks.ask }).from(guestLinks).where(eq(guestLinks.caseId, id))).toEqual([{ ask: '' }])
    }
    for (const id of [recent.id, resolved.id, open.id]) {
      const [row] = await t.db.select().from(cases).where(eq(cases.id, id))
      expect(row!.personName).toBe('Nenek Aminah')
      expect(row!.purgedAt).toBeNull()
    }
    // Audited, with case ids and the period, never the data removed.
    const purges = await t.db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge'))
    expect(purges).toHaveLength(1)
    expect(purges[0]!.actorId).toBeNull()
    expect(JSON.parse(purges[0]!.detail!)).toMatchObject({ cases: [old.id, rejected.id].sort((a, b) => a - b), retentionYears: 5 })
    expect(purges[0]!.detail).not.toMatch(/Aminah|6171|Budi|depresi/)

    // The person of a purged case loses their data once none of their cases keeps any (issue 23).
    const [purgedPerson] = await t.db.select().from(people).where(eq(people.id, old.personId!))
    expect(purgedPerson).toMatchObject({ name: '', nameKey: '', nik: null, features: null, purgedAt: t.clock.now() })
    expect((await t.db.select().from(people).where(eq(people.id, open.personId!)))[0]!.name).toBe('Nenek Aminah')

    // Twice, or on the next tick: nothing more to do and no empty audit rows.
    expect(await purgeExpired(t.db, t.clock.now())).toEqual({ purged: 0 })
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge'))).toHaveLength(1)
  })

  it('follows the configured period', async () => {
    const t = await createTestApp({ now: '2026-01-10T09:00:00+07:00' })
    const operator = await t.cookieFor(await t.addUser('operator'))
    const kase = await fileCase(t, operator)
    await closeCase(t, kase.id, 'duplikat', t.clock.now())
    await t.db.insert(settings).values({ key: 'retention_years', value: '2' })
    t.clock.set('2028-01-10T09:00:01+07:00')
    expect(await purgeExpired(t.db, t.clock.now())).toEqual({ purged: 1 })
    const [purge] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge'))
    expect(JSON.parse(purge!.detail!).retentionYears).toBe(2)
  })
})
