import { Hono } from 'hono'
import { setCaseKelurahan } from '../../db/queries/handling'
import { kelurahanRefusal, parseKelurahanChoice } from '../../domain/unknown-area'
import type { AppEnv } from '../../env'
import { loadCase } from '../../pages/case'
import { queuePage } from '../../pages/queue'
import { isPartialRequest } from '../../render'
import { requireRole } from '../../security/middleware'

/** The queue's triage list: setting the kelurahan of a case filed as "belum diketahui" (mounted at /cases). */
export const caseArea = new Hono<AppEnv>()

// The supervisor triages and assigns; an operator who learns the place tells the supervisor.
caseArea.post('/:id{[0-9]+}/kelurahan', requireRole('supervisor'), async (c) => {
  const kase = (await loadCase(c)).case
  const ref = await c.var.reference.get()
  const body = await c.req.parseBody()
  const refused = kelurahanRefusal(kase, Number(typeof body.version === 'string' ? body.version : NaN))
  if (refused) return queuePage(c, 409, { message: { kind: 'bad', text: `Kasus ${kase.ticket}: ${refused}` } })
  const chosen = parseKelurahanChoice(body, new Set(ref.kelurahanByCode.keys()))
  if (!chosen.ok) {
    return queuePage(c, 422, { message: { kind: 'bad', text: `Kasus ${kase.ticket}: periksa isian yang ditandai.` }, failed: { caseId: kase.id, values: chosen.values, errors: chosen.errors } })
  }
  const applied = await setCaseKelurahan(c.var.db, {
    caseId: kase.id,
    expectedVersion: kase.version,
    before: { kelurahanCode: kase.kelurahanCode, status: kase.status, assignedTo: kase.assignedTo },
    code: chosen.value,
    kelurahanName: ref.kelurahanByCode.get(chosen.value)!.name,
    actorId: c.var.user!.id,
    now: c.var.clock.now(),
  })
  if (!applied) return queuePage(c, 409, { message: { kind: 'bad', text: `Kasus ${kase.ticket}: baru saja diubah orang lain. Tidak ada yang disimpan; periksa keadaannya sekarang.` } })
  if (isPartialRequest(c)) return queuePage(c, 200, { message: { kind: 'ok', text: `Tersimpan: kelurahan kasus ${kase.ticket} ditetapkan.` } })
  return c.redirect(`/queue?located=${kase.ticket}`, 303)
})
