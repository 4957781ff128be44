import type { Db } from './db/client'
import { loadReferenceRows, type Category, type Kelurahan } from './db/queries/reference'
import { defaultOfficeHours, type WorkCalendar } from './domain/sla'
import { profileKeys, readOfficeHours } from './domain/admin-forms'
import { defaultServiceFields, readFields, type ServiceField } from './domain/service-fields'

export const agencyZoneKey = profileKeys.zone

export type Reference = {
  categories: Category[]
  activeCategories: Category[]
  categoryById: Map<number, Category>
  kelurahan: Kelurahan[]
  kelurahanByCode: Map<string, Kelurahan>
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
      const value: Reference = {
        categories: rows.categoryRows,
        activeCategories: rows.categoryRows.filter((c) => c.active),
        categoryById: new Map(rows.categoryRows.map((c) => [c.id, c])),
        kelurahan: rows.kelurahanRows,
        kelurahanByCode: new Map(rows.kelurahanRows.map((k) => [k.code, k])),
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
