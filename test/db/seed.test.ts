import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq, like, ne } from 'drizzle-orm'
import { getDistricts, getVillages } from 'idn-area-data'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../worker/db/client'
import { migrateDb } from '../../worker/db/migrate'
import { openFileDb } from '../../worker/db/open-file'
import { findUserByUsername } from '../../worker/db/queries/sessions'
import { demoStaff, loadDemoUsers, loadReferenceData } from '../../worker/db/seed'
import { defaultCategories, demoExtraFacilitators } from '../../worker/db/seed-data'
import { categories, kecamatan, kelurahan, kelurahanContacts, userKelurahan, users } from '../../worker/db/schema'
import { defaultLadder, unreachableRungs } from '../../worker/domain/escalation'
import { unknownAreaCodes } from '../../worker/domain/unknown-area'
import { verifyPassword } from '../../worker/security/password'
import { testConfig } from '../support/config'
import { freshDb } from '../support/db'

const dir = mkdtempSync(join(tmpdir(), 'sigap-seed-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const unknown = unknownAreaCodes('61.71')

describe('reference data', () => {
  let db: Db
  beforeAll(async () => {
    db = await openFileDb(`file:${join(dir, 'reference.db')}`)
    await migrateDb(db)
    await loadReferenceData(db, '61.71')
  })
  afterAll(() => db.$client.close())

  it('loads Kota Pontianak: 6 kecamatan and 29 kelurahan, named as in idn-area-data', async () => {
    const districts = await db.select().from(kecamatan).where(and(eq(kecamatan.regencyCode, '61.71'), ne(kecamatan.code, unknown.kecamatan)))
    expect(districts).toHaveLength(6)
    const villages = await db.select().from(kelurahan).where(and(like(kelurahan.code, '61.71.%'), ne(kelurahan.code, unknown.kelurahan)))
    expect(villages).toHaveLength(29)
    const official = (await getVillages()).filter((v) => v.district_code.startsWith('61.71.'))
    expect(villages.map((v) => [v.code, v.name]).sort()).toEqual(official.map((v) => [v.code, v.name]).sort())
    const officialDistricts = (await getDistricts()).filter((d) => d.regency_code === '61.71')
    expect(districts.map((d) => d.name).sort()).toEqual(officialDistricts.map((d) => d.name).sort())
    expect(villages.find((v) => v.code === '61.71.01.1003')?.name).toBe('Benuamelayu Darat')
  })

  it('loads no other region’s kecamatan', async () => {
    expect(await db.select().from(kecamatan).where(eq(kecamatan.regencyCode, '64.72'))).toEqual([])
  })

  it('loads the categories of DOMAIN.md with a 24-hour target unless one is given', async () => {
    const rows = await db.select().from(categories)
    expect(rows.map((c) => c.code).sort()).toEqual(defaultCategories.map((c) => c.code).sort())
    const names = rows.map((c) => c.name)
    for (const name of ['JPS Kesehatan', 'JPS Pendidikan', 'JPS Rutilahu (bedah rumah)', 'JPS Sosial', 'BPNT', 'KIP', 'Korban bencana', 'Reaksi cepat']) {
      expect(names).toContain(name)
    }
    expect(names.some((n) => n.startsWith('ODGJ'))).toBe(true)
    expect(names.some((n) => n.startsWith('PGOT'))).toBe(true)
    for (const row of rows) {
      const seed = defaultCategories.find((c) => c.code === row.code)!
      expect(row.targetHours, row.code).toBe(seed.hours ?? 24)
      expect(row.active).toBe(true)
    }
    expect(rows.filter((c) => c.targetHours === 24).length).toBeGreaterThan(rows.length / 2)
  })

  it('adds kelurahan "Belum diketahui" under a kecamatan 00 of the region, also to a database filled before it existed', async () => {
    expect(await db.select().from(kelurahan).where(eq(kelurahan.code, unknown.kelurahan))).toEqual([{ code: unknown.kelurahan, kecamatanCode: unknown.kecamatan, name: 'Belum diketahui' }])
    await db.delete(kelurahan).where(eq(kelurahan.code, unknown.kelurahan))
    await db.delete(kecamatan).where(eq(kecamatan.code, unknown.kecamatan))
    await loadReferenceData(db, '61.71')
    expect(await db.select({ name: kecamatan.name, regency: kecamatan.regencyCode }).from(kecamatan).where(eq(kecamatan.code, unknown.kecamatan))).toEqual([{ name: 'Belum diketahui', regency: '61.71' }])
    expect(await db.select({ code: kelurahan.code }).from(kelurahan).where(eq(kelurahan.code, unknown.kelurahan))).toHaveLength(1)
  })

  it('does nothing when loaded again', async () => {
    await loadReferenceData(db, '61.71')
    expect(await db.select().from(kelurahan).where(like(kelurahan.code, '61.71.%'))).toHaveLength(29 + 1)
    expect(await db.select().from(categories)).toHaveLength(defaultCategories.length)
  })

  it('refuses a region that idn-area-data does not know', async () => {
    const other = await openFileDb(`file:${join(dir, 'unknown.db')}`)
    try {
      await migrateDb(other)
      await expect(loadReferenceData(other, '99.99')).rejects.toThrow(/99\.99/)
    } finally {
      other.$client.close()
    }
  })
})

describe('demo users', () => {
  it('creates operator, supervisor, kepala, admin and one facilitator per kelurahan', async () => {
    const { db } = await freshDb()
    const password = await loadDemoUsers(db, testConfig(), Date.parse('2026-11-24T09:00:00+07:00'), 'demo-sandi-123')
    expect(password).toBeNull() // a given password is not printed back
    for (const [username, role] of [['operator', 'operator'], ['supervisor', 'supervisor'], ['kepala', 'kepala'], ['admin', 'admin']] as const) {
      const user = await findUserByUsername(db, username)
      expect(user, username).toMatchObject({ role, active: true })
      expect(await verifyPassword('demo-sandi-123', user!.passwordHash, testConfig())).toMatchObject({ ok: true })
    }
    const facilitator = await findUserByUsername(db, 'fas-6171011003')
    expect(facilitator).toMatchObject({ role: 'fasilitator', displayName: 'Fasilitator Benuamelayu Darat' })
    expect(await db.select({ code: userKelurahan.kelurahanCode }).from(userKelurahan).where(eq(userKelurahan.userId, facilitator!.id))).toEqual([{ code: '61.71.01.1003' }])
    expect(await db.select().from(users).where(like(users.username, 'fas-%'))).toHaveLength(29)
  })

  it('gives the demo an Asisten and a Wali Kota, three facilitators in Siantan Hulu and kelurahan contacts, so every rung reaches someone (issue 17)', async () => {
    const { db } = await freshDb()
    await loadDemoUsers(db, testConfig(), Date.parse('2026-11-24T09:00:00+07:00'), 'demo-sandi-123')
    expect(await findUserByUsername(db, 'asisten')).toMatchObject({ role: 'asisten', active: true })
    expect(await findUserByUsername(db, 'walikota')).toMatchObject({ role: 'walikota', active: true })
    const siantanHulu = await db.select({ userId: userKelurahan.userId }).from(userKelurahan).where(eq(userKelurahan.kelurahanCode, '61.71.04.1001'))
    expect(siantanHulu).toHaveLength(3)
    const contacts = await db.select().from(kelurahanContacts).where(eq(kelurahanContacts.kelurahanCode, '61.71.04.1001'))
    expect(contacts.map((c) => c.role).sort()).toEqual(['babinsa', 'bhabinkamtibmas', 'ketua_rt', 'ketua_rw', 'lurah'])
    const people = await db.select({ id: users.id, role: users.role, active: users.active, phone: users.phone, email: users.email }).from(users)
    expect(unreachableRungs(defaultLadder, people)).toEqual([])
  })

  it('returns a generated password so that it can be printed once', async () => {
    const { db } = await freshDb()
    const password = await loadDemoUsers(db, testConfig(), Date.now())
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/)
    const admin = await findUserByUsername(db, 'admin')
    expect(await verifyPassword(password!, admin!.passwordHash, testConfig())).toMatchObject({ ok: true })
  })

  it('does nothing when users already exist', async () => {
    const { db } = await freshDb()
    await loadDemoUsers(db, testConfig(), Date.now(), 'eins-zwei-drei')
    expect(await loadDemoUsers(db, testConfig(), Date.now())).toBeNull()
    expect(await db.select().from(users)).toHaveLength(demoStaff.length + 29 + demoExtraFacilitators.length)
  })

  it('refuses to load in production', async () => {
    const { db } = await freshDb()
    await expect(loadDemoUsers(db, { ...testConfig(), production: true }, Date.now(), 'x')).rejects.toThrow(/production/)
    await expect(loadDemoUsers(db, { ...testConfig({ NODE_ENV: 'production', SIGAP_PEPPER: 'p'.repeat(32), SIGAP_ORIGIN: 'https://sigap.example.go.id' }) }, Date.now())).rejects.toThrow(/production/)
    expect(await db.select().from(users)).toEqual([])
  })
})
