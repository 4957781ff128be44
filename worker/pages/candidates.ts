import type { Context } from 'hono'
import type { CandidateView } from '../../views/components/PersonCandidates'
import { auditLookup } from '../db/queries/audit'
import { candidateIdsQuery, loadCandidatePeople, nearWindowStart, sameKecamatan } from '../db/queries/people'
import { caseScopeOf } from '../domain/access'
import { nameKey, rankCandidates, type PersonQuery } from '../domain/person-match'
import type { AppEnv } from '../env'
import { sha256Hex } from '../security/tokens'

/**
 * The people a report (or a person record) may be about, ranked and explained, only among those
 * the viewer may see (one of their cases in scope). Audited as a look-up: one row per case shown,
 * with a hash of the keys, never the keys (UU PDP Pasal 31). Two round trips: the ids, the people.
 */
export async function findCandidates(c: Context<AppEnv>, query: PersonQuery, excludePersonId?: number): Promise<CandidateView[]> {
  const ref = await c.var.reference.get()
  const key = { nik: query.nik, phone: query.phone, nameKey: nameKey(query.name), categoryId: query.categoryId, nearKelurahan: sameKecamatan(ref.kelurahan, query.kelurahanCode), since: nearWindowStart(query.at), excludePersonId }
  const ids = (await c.var.db.all<{ id: number }>(candidateIdsQuery(key))).map((r) => Number(r.id))
  const known = await loadCandidatePeople(c.var.db, caseScopeOf(c.var.user!), ids)
  const ranked = rankCandidates(query, known)
  const candidates = ranked.map((r) => ({ ...r, person: known.find((p) => p.id === r.person.id)! }))
  const shownCases = candidates.flatMap((x) => x.person.cases.map((k) => k.id))
  const hash = await sha256Hex(JSON.stringify([query.nik, query.phone, key.nameKey, query.kelurahanCode, query.categoryId]))
  await auditLookup(c.var.db, { actorId: c.var.user!.id, now: c.var.clock.now() }, 'person.search', hash, shownCases)
  return candidates
}
