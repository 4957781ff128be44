import { and, count, eq, inArray, like, ne, or } from 'drizzle-orm'
import { getDistricts, getProvinces, getRegencies } from 'idn-area-data'
import { createReadStream } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Config } from '../config'
import { hashPassword } from '../security/password'
import { randomToken } from '../security/tokens'
import type { Db } from './client'
import { categories, kecamatan, kelurahan, kelurahanContacts, provinces, regencies, userKelurahan, users } from './schema'
import { unknownAreaCodes, unknownAreaName } from '../domain/unknown-area'
import { defaultCategories, demoBusyKelurahan, demoContacts, demoExtraFacilitators } from './seed-data'

/**
 * The villages (kelurahan/desa) of the given kecamatan, read line by line from idn-area-data's
 * villages.csv: its getVillages() parses all 83,000 rows at once, which left a fresh server ~20 MB
 * larger for good (bench/load.ts, issue 10). Columns: code,district_code,name; only names are quoted.
 */
async function villagesOf(districtCodes: Set<string>): Promise<{ code: string; districtCode: string; name: string }[]> {
  const file = join(dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')), 'data', 'villages.csv')
  const rows: { code: string; districtCode: string; name: string }[] = []
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    const [code = '', districtCode = ''] = line.split(',', 2)
    if (!districtCodes.has(districtCode)) continue
    const name = line.slice(code.length + districtCode.length + 2)
    rows.push({ code, districtCode, name: name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name })
  }
  return rows
}

const chunk = <T>(rows: T[], size = 200) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, i * size + size))

/**
 * Fills an empty database with what every deployment needs: all provinces and regencies (for NIK
 * checks and regions of origin), the kecamatan and kelurahan of this deployment's region from the
 * official codes of `idn-area-data`, and the default categories. Does nothing once filled.
 */
export async function loadReferenceData(db: Db, regionCode: string): Promise<void> {
  const [{ n: provinceCount }] = await db.select({ n: count() }).from(provinces)
  if (provinceCount === 0) {
    const [allProvinces, allRegencies] = await Promise.all([getProvinces(), getRegencies()])
    for (const rows of chunk(allProvinces)) await db.insert(provinces).values(rows)
    for (const rows of chunk(allRegencies)) await db.insert(regencies).values(rows.map((r) => ({ code: r.code, provinceCode: r.province_code, name: r.name })))
  }
  const [{ n: areaCount }] = await db.select({ n: count() }).from(kecamatan).where(eq(kecamatan.regencyCode, regionCode))
  if (areaCount === 0) {
    const districts = (await getDistricts()).filter((d) => d.regency_code === regionCode)
    if (districts.length === 0) throw new Error(`No kecamatan found for region ${regionCode} in idn-area-data`)
    const districtCodes = new Set(districts.map((d) => d.code))
    const villages = await villagesOf(districtCodes)
    for (const rows of chunk(districts)) await db.insert(kecamatan).values(rows.map((d) => ({ code: d.code, regencyCode: d.regency_code, name: d.name })))
    for (const rows of chunk(villages)) await db.insert(kelurahan).values(rows.map((v) => ({ code: v.code, kecamatanCode: v.districtCode, name: v.name })))
  }
  // At every start, so a database filled before issue 17 gets it too (domain/unknown-area.ts).
  const unknown = unknownAreaCodes(regionCode)
  await db.insert(kecamatan).values({ code: unknown.kecamatan, regencyCode: regionCode, name: unknownAreaName }).onConflictDoNothing()
  await db.insert(kelurahan).values({ code: unknown.kelurahan, kecamatanCode: unknown.kecamatan, name: unknownAreaName }).onConflictDoNothing()
  const [{ n: categoryCount }] = await db.select({ n: count() }).from(categories)
  if (categoryCount === 0) {
    await db.insert(categories).values(
      defaultCategories.map((c, i) => ({ code: c.code, name: c.name, groupName: c.group ?? null, targetHours: c.hours ?? 24, clock: c.clock ?? ('calendar' as const), defaultUrgency: c.urgency ?? 'biasa', sort: i })),
    )
  }
}

/** The demo staff accounts; the facilitators are `fas-` + their kelurahan code's digits. */
export const demoStaff = [
  { username: 'operator', displayName: 'Operator Call Center', role: 'operator' as const },
  // Every rung of the ladder reaches someone on a channel (seed 000: the agency, then the Asisten,
  // then the Wali Kota); the addresses are reserved (.example), never delivered to.
  { username: 'supervisor', displayName: 'Supervisor SLRT', role: 'supervisor' as const, email: 'supervisor@dinsos.example' },
  { username: 'kepala', displayName: 'Kepala Dinas', role: 'kepala' as const, email: 'kepala@dinsos.example' },
  { username: 'admin', displayName: 'Admin Sigap', role: 'admin' as const },
  { username: 'asisten', displayName: 'Asisten Pemerintahan dan Kesra', role: 'asisten' as const, email: 'asisten@dinsos.example' },
  { username: 'walikota', displayName: 'Wali Kota', role: 'walikota' as const, email: 'walikota@dinsos.example' },
]

/** The demo accounts of a database, by the names loadDemoUsers gives them. */
const isDemoAccount = or(inArray(users.username, demoStaff.map((s) => s.username)), like(users.username, 'fas-%'), like(users.username, 'psm-%'), like(users.username, 'tksk-%'))

/**
 * SIGAP_DEMO_PASSWORD at a later start: the demo accounts take it, so a forgotten or lost demo
 * password is one restart away (development only).
 */
export async function applyDemoPassword(db: Db, config: Config, password: string): Promise<number> {
  if (config.production) throw new Error('Demo accounts do not exist in production')
  const passwordHash = await hashPassword(password, config)
  const updated = await db.update(users).set({ passwordHash }).where(isDemoAccount).returning({ id: users.id })
  return updated.length
}

/**
 * Demo accounts for a local trial: operator, supervisor, kepala, admin, asisten, walikota and one
 * facilitator per kelurahan (`fas-` + the code's digits); one busy kelurahan (Siantan Hulu in
 * Pontianak, else the first) gets two more (`psm-…`, `tksk-…`, seed 002), and a few kelurahan get
 * their coordination contacts (seed 004). Only on an empty users table, never in production.
 * Returns the password when it was generated, so the caller can print it once.
 */
export async function loadDemoUsers(db: Db, config: Config, now: number, password?: string): Promise<string | null> {
  if (config.production) throw new Error('Demo data is never loaded in production')
  const [{ n: userCount }] = await db.select({ n: count() }).from(users)
  if (userCount > 0) return null
  const chosen = password ?? randomToken().slice(0, 16)
  // One hash for all demo accounts: they share the password anyway, and 33 hashes at 600,000
  // iterations would add seconds to the first start.
  const passwordHash = await hashPassword(chosen, config)
  await db.insert(users).values(demoStaff.map((s) => ({ ...s, passwordHash, createdAt: now })))
  const areas = await db
    .select({ code: kelurahan.code, name: kelurahan.name })
    .from(kelurahan)
    .where(and(like(kelurahan.code, `${config.region}.%`), ne(kelurahan.code, unknownAreaCodes(config.region).kelurahan)))
  for (const area of areas) {
    const [created] = await db
      .insert(users)
      .values({ username: `fas-${area.code.replace(/\D/g, '')}`, displayName: `Fasilitator ${area.name}`, role: 'fasilitator', passwordHash, createdAt: now })
      .returning({ id: users.id })
    await db.insert(userKelurahan).values({ userId: created!.id, kelurahanCode: area.code })
  }
  const busy = areas.find((a) => a.name === demoBusyKelurahan) ?? areas[0]
  if (busy) {
    const digits = busy.code.replace(/\D/g, '')
    for (const [i, extra] of demoExtraFacilitators.entries()) {
      const [created] = await db
        .insert(users)
        .values({ username: `${extra.prefix}-${digits}`, displayName: `${extra.title} ${busy.name}`, role: 'fasilitator', passwordHash, createdAt: now })
        .returning({ id: users.id })
      await db.insert(userKelurahan).values({ userId: created!.id, kelurahanCode: busy.code, priority: i + 1 })
    }
  }
  const withContacts = [...new Set([busy, ...areas.slice(0, 2)].filter((a) => a !== undefined))]
  await db.insert(kelurahanContacts).values(withContacts.flatMap((area, i) => demoContacts.map((c, j) => ({ kelurahanCode: area.code, role: c.role, unit: c.unit, name: `${c.name} ${area.name}`, phone: `+628120000${String(i * 10 + j).padStart(4, '0')}` }))))
  return password ? null : chosen
}
