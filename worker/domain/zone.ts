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
