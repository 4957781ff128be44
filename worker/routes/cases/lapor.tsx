import { Hono } from 'hono'
import { setLaporId } from '../../db/queries/cases'
import { laporRoles, parseLaporId } from '../../domain/lapor'
import type { AppEnv } from '../../env'
import { casePage, loadCase } from '../../pages/case'
import { requireRole } from '../../security/middleware'

/** The case's SP4N-LAPOR! tracking id (issue 24), mounted at /cases. */
export const caseLapor = new Hono<AppEnv>()

caseLapor.post('/:id{[0-9]+}/lapor', requireRole(...laporRoles), async (c) => {
  const detail = await loadCase(c)
  const parsed = parseLaporId(await c.req.parseBody().catch(() => ({})))
  if (!parsed.ok) return casePage(c, detail, { status: 422, lapor: { message: { kind: 'bad', text: 'Belum tersimpan. Periksa isian yang ditandai.' }, failed: { values: parsed.values, errors: parsed.errors } } })
  await setLaporId(c.var.db, { caseId: detail.case.id, laporId: parsed.value.laporId, actorId: c.var.user!.id, now: c.var.clock.now() })
  return c.redirect(`/cases/${detail.case.id}?done=lapor#lapor`, 303)
})
