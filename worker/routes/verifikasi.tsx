import { Hono } from 'hono'
import { VerifyPage } from '../../views/pages/SuratTugasPage'
import { findSuratTugas } from '../db/queries/handling'
import type { AppEnv } from '../env'
import { letterhead, titleCase } from '../pages/letterhead'
import { page } from '../render'

/** Public: anyone holding a surat tugas (a resident at the door, a Babinsa) can check it is genuine. */
export const verifikasi = new Hono<AppEnv>()

verifikasi.get('/:code{[A-Za-z0-9_-]{8,64}}', async (c) => {
  const letter = await findSuratTugas(c.var.db, { code: c.req.param('code') })
  const head = await letterhead(c)
  // The agency's own name from its profile (admin settings), else one made from the letterhead.
  const agency = (await c.var.reference.get()).settings.get('agency.name') ?? `${titleCase(head.agency)} ${titleCase(head.government.replace(/^PEMERINTAH\s+/i, ''))}`
  c.header('Cache-Control', 'no-store')
  c.header('X-Robots-Tag', 'noindex')
  return page(c, 'Verifikasi surat tugas', <VerifyPage letter={letter} agency={agency} zone={c.var.config.zone} />, { status: letter ? 200 : 404 })
})
