import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { SuratTugasPage } from '../../views/pages/SuratTugasPage'
import { audit } from '../db/queries/audit'
import { findCase } from '../db/queries/cases'
import { findSuratTugas } from '../db/queries/handling'
import { caseScopeOf } from '../domain/access'
import { legacyContent } from '../domain/letter'
import { localParts } from '../domain/zone'
import type { AppEnv } from '../env'
import { letterhead } from '../pages/letterhead'
import { page } from '../render'
import { requireRole } from '../security/middleware'

/** A printed surat tugas; it is requested and issued from the case page (POST /cases/:id/surat-tugas…). */
export const suratTugas = new Hono<AppEnv>()

suratTugas.get('/:id{[0-9]+}', requireRole('operator', 'fasilitator', 'supervisor', 'kepala', 'admin'), async (c) => {
  const user = c.var.user!
  const letter = await findSuratTugas(c.var.db, { id: Number(c.req.param('id')) })
  // Same rule as the case itself: outside the area the letter does not exist.
  if (!letter || !(await findCase(c.var.db, caseScopeOf(user), letter.caseId))) throw new HTTPException(404, { message: 'Surat tugas tidak ditemukan.' })
  await audit(c.var.db, { actorId: user.id, now: c.var.clock.now() }, 'letter.read', null, letter.caseId)
  const [head, ref] = await Promise.all([letterhead(c), c.var.reference.get()])
  const zone = c.var.config.zone
  const officer = { name: letter.officerName, nip: letter.officerNip, rank: letter.officerRank, position: letter.officerPosition }
  const content = letter.letter.content ?? legacyContent({ ...letter, officer }, localParts(letter.letter.issuedAt, zone), head.city, ref.settings)
  return page(c, `Surat tugas ${letter.letter.number}`, <SuratTugasPage letter={letter} content={content} head={head} verifyUrl={`${c.var.config.origin}/verifikasi/${letter.letter.code}`} zone={zone} />)
})
