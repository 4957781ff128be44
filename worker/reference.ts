import type { Db } from './db/client'
import { loadReferenceRows, type Category, type Kelurahan } from './db/queries/reference'
import { defaultOfficeHours, type WorkCalendar } from './domain/sla'
import { profileKeys, readOfficeHours } from './domain/admin-forms'
import { isUnknownKelurahan } from './domain/unknown-area'
import { defaultServiceFields, readFields, type ServiceField } from './domain/service-fields'

export const agencyZoneKey = profileKeys.zone

export type Reference = {
  categories: Category[]
  activeCategories: Category[]
  categoryById: Map<number, Category>
  /** The official kelurahan: what pickers, coverage and every other form accept. */
  kelurahan: Kelurahan[]
  kelurahanByCode: Map<string, Kelurahan>
  /** "Belum diketahui" (domain/unknown-area.ts): offered only where a report is filed. */
  unknownKelurahan: Kelurahan | null
  /** The kelurahan a report may be filed under: the official ones and, while it is unknown, "belum diketahui". */
  reportKelurahanCodes: Set<string>
  /** The ids of activeCategories, which a report may be filed under. */
  activeCategoryIds: Set<number>
  /** Every kelurahan's name by code, "belum diketahui" included: for figures by kelurahan. */
  kelurahanNames: Map<string, string>
  provinceCodes: Set<string>
  calendar: WorkCalendar
  settings: Map<string, string>
  /** Each category's own fields (intake, the case page): the admin's list, else the built-in defaults. */
  serviceFields: Map<number, ServiceField[]>
}

// Categories, areas and the calendar change a few times a year; keeping them for a minute saves a
// round trip on every intake (the Worker's budget is two: the session and one write batch).
const maxAgeMs = 60_000

/** A per-app cache of reference data; `invalidate()` after an admin changes it. */
export function createReferenceCache(db: Db, zone: string, now: () => number) {
  let cached: { at: number; value: Reference } | null = null
  return {
    async get(): Promise<Reference> {
      if (cached && now() - cached.at < maxAgeMs) return cached.value
      const rows = await loadReferenceRows(db)
      const settingMap = new Map(rows.settingRows.map((s) => [s.key, s.value]))
      const official = rows.kelurahanRows.filter((k) => !isUnknownKelurahan(k.code))
      const unknownKelurahan = rows.kelurahanRows.find((k) => isUnknownKelurahan(k.code)) ?? null
      const activeCategories = rows.categoryRows.filter((c) => c.active)
      const value: Reference = {
        categories: rows.categoryRows,
        activeCategories,
        activeCategoryIds: new Set(activeCategories.map((c) => c.id)),
        categoryById: new Map(rows.categoryRows.map((c) => [c.id, c])),
        kelurahan: official,
        kelurahanByCode: new Map(official.map((k) => [k.code, k])),
        unknownKelurahan,
        reportKelurahanCodes: new Set([...official.map((k) => k.code), ...(unknownKelurahan ? [unknownKelurahan.code] : [])]),
        kelurahanNames: new Map(rows.kelurahanRows.map((k) => [k.code, k.name])),
        provinceCodes: new Set(rows.provinceRows.map((p) => p.code)),
        calendar: {
          // The agency profile (admin) overrides the region's zone and the default office hours.
          zone: settingMap.get(profileKeys.zone) ?? zone,
          officeHours: readOfficeHours(settingMap.get(profileKeys.officeHours), defaultOfficeHours),
          holidays: new Set(rows.holidayRows.map((h) => h.date)),
        },
        settings: settingMap,
        serviceFields: new Map(rows.categoryRows.map((c) => [c.id, readFields(rows.formRows.find((f) => f.categoryId === c.id)?.fields, defaultServiceFields[c.code] ?? [])])),
      }
      cached = { at: now(), value }
      return value
    },
    invalidate() {
      cached = null
    },
  }
}

export type ReferenceCache = ReturnType<typeof createReferenceCache>

/** "Belum diketahui" as the report forms offer it, after the official list. */
export function unknownKelurahanOptions(ref: Reference): [string, string][] {
  return ref.unknownKelurahan ? [[ref.unknownKelurahan.code, 'Belum diketahui (isi patokan lokasi)']] : []
}
