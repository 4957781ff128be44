// Indonesia's three time zones by province code (Permendagri on time zones; no DST).
// Kalimantan Barat and Tengah use Asia/Pontianak, the IANA zone named for them.
const witaProvinces = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76'])
const witProvinces = new Set(['81', '82', '91', '92', '93', '94', '95', '96', '97'])
const pontianakProvinces = new Set(['61', '62'])

/** The IANA zone of a region given by its official code (e.g. `61.71` → Asia/Pontianak). */
export function zoneOfRegion(regionCode: string): string {
  const province = regionCode.slice(0, 2)
  if (witaProvinces.has(province)) return 'Asia/Makassar'
  if (witProvinces.has(province)) return 'Asia/Jayapura'
  if (pontianakProvinces.has(province)) return 'Asia/Pontianak'
  return 'Asia/Jakarta'
}

export type LocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number }

// Building a DateTimeFormat is costly; reuse one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>()
// formatToParts is costly too (an intake asks several times): keep the last minute asked per zone.
// Zone offsets are whole minutes, so every instant of a UTC minute shares its local minute.
const lastMinute = new Map<string, { minute: number; parts: LocalParts }>()

/** The wall-clock date and time of instant `utc` in `zone`. */
export function localParts(utc: number, zone: string): LocalParts {
  const minute = Math.floor(utc / 60_000) * 60_000
  let cached = lastMinute.get(zone)
  if (cached?.minute !== minute) {
    cached = { minute, parts: formatParts(minute, zone) }
    lastMinute.set(zone, cached)
  }
  return { ...cached.parts, second: Math.floor((utc - minute) / 1000) }
}

function formatParts(utc: number, zone: string): LocalParts {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, f)
  }
  const out: Record<string, number> = {}
  for (const part of f.formatToParts(utc)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value)
  }
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute!, second: out.second! }
}

/** Offset of `zone` from UTC at instant `utc`, in ms (Indonesian zones have no DST). */
export function zoneOffset(utc: number, zone: string): number {
  const p = localParts(utc, zone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - (utc - (((utc % 1000) + 1000) % 1000))
}
