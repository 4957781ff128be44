import type { Context } from 'hono'
import type { Letterhead } from '../../views/pages/SuratTugasPage'
import { regencyName } from '../db/queries/handling'
import type { AppEnv } from '../env'

export function titleCase(text: string) {
  return text.toLowerCase().replace(/\b\p{L}/gu, (ch) => ch.toUpperCase())
}

/** The agency's letterhead from its profile settings, else one made from the region's name. */
export async function letterhead(c: Context<AppEnv>): Promise<Letterhead> {
  const settings = (await c.var.reference.get()).settings
  const regency = (await regencyName(c.var.db, c.var.config.region)) ?? ''
  const place = titleCase(regency.replace(/^(KOTA|KABUPATEN|KAB\.)\s+/i, ''))
  return {
    government: settings.get('letterhead.government') ?? `PEMERINTAH ${regency.toUpperCase()}`,
    agency: settings.get('letterhead.agency') ?? 'DINAS SOSIAL',
    address: settings.get('letterhead.address') ?? '',
    contact: settings.get('letterhead.contact') ?? '',
    city: settings.get('letter.city') ?? place,
    signerTitle: settings.get('letter.signer_title') ?? 'Kepala Dinas Sosial',
    signerName: settings.get('letter.signer_name') ?? '',
    signerNip: settings.get('letter.signer_nip') ?? '',
  }
}
