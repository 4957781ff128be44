import type { Context } from 'hono'
import type { Letterhead } from '../../views/pages/SuratTugasPage'
import { regencyName } from '../db/queries/handling'
import { letterheadLines } from '../domain/admin-forms'
import { letterSettings } from '../domain/letter'
import type { AppEnv } from '../env'

export function titleCase(text: string) {
  return text.toLowerCase().replace(/\b\p{L}/gu, (ch) => ch.toUpperCase())
}

/** The agency's letterhead from its profile settings, else one made from the region's name; a line saved empty falls back too. */
export async function letterhead(c: Context<AppEnv>): Promise<Letterhead> {
  const settings = (await c.var.reference.get()).settings
  const regency = (await regencyName(c.var.db, c.var.config.region)) ?? ''
  const place = titleCase(regency.replace(/^(KOTA|KABUPATEN|KAB\.)\s+/i, ''))
  return {
    government: settings.get(letterheadLines.government.key) || `PEMERINTAH ${regency.toUpperCase()}`,
    agency: settings.get(letterheadLines.agency.key) || 'DINAS SOSIAL',
    address: settings.get(letterheadLines.address.key) || '',
    contact: settings.get(letterheadLines.contact.key) || '',
    city: settings.get(letterSettings.place.key) || place,
  }
}
