import { asc, eq } from 'drizzle-orm'
import type { Db } from '../client'
import { categories, categoryForms, holidays, kecamatan, kelurahan, provinces, settings } from '../schema'

export type Category = typeof categories.$inferSelect
export type Kelurahan = { code: string; name: string; kecamatanCode: string; kecamatanName: string }

/** Rarely-changing data every form needs, loaded in one round trip. */
export async function loadReferenceRows(db: Db) {
  const [categoryRows, kelurahanRows, provinceRows, holidayRows, settingRows, formRows] = await db.batch([
    db.select().from(categories).orderBy(asc(categories.sort), asc(categories.name)),
    db
      .select({ code: kelurahan.code, name: kelurahan.name, kecamatanCode: kelurahan.kecamatanCode, kecamatanName: kecamatan.name })
      .from(kelurahan)
      .innerJoin(kecamatan, eq(kecamatan.code, kelurahan.kecamatanCode))
      .orderBy(asc(kelurahan.name)),
    db.select({ code: provinces.code }).from(provinces),
    db.select({ date: holidays.date }).from(holidays),
    db.select().from(settings),
    db.select().from(categoryForms),
  ])
  return { categoryRows, kelurahanRows, provinceRows, holidayRows, settingRows, formRows }
}
