// Requests for the person routes (issue 23): each merge, undo and split acts on records made for
// that call, in kelurahan A (facilitator B is outside it), so a caller who is let through succeeds.
import { eq } from 'drizzle-orm'
import { mergePeople } from '../../worker/db/queries/people'
import { cases, people } from '../../worker/db/schema'
import { fakeJpeg, fileCase } from '../support/handling'
import type { Fixture } from './fixtures'
import type { World } from './world'

let serial = 0

/** A fresh person with one case in kelurahan A, filed by the supervisor. */
async function personInA(w: World) {
  const kase = await fileCase(w.t, (await w.t.cookieFor(w.users.supervisor))!, { person_name: `Orang Uji ${++serial}` })
  return { caseId: kase.id, personId: kase.personId! }
}

/** Two fresh people merged: the merge id, and the person holding both cases. */
async function merged(w: World) {
  const [a, b] = [await personInA(w), await personInA(w)]
  const mergeId = await mergePeople(w.t.db, { actorId: w.users.supervisor.id, now: w.t.clock.now() }, { fromId: b.personId, intoId: a.personId, reason: 'Uji' })
  return { mergeId: mergeId!, into: a.personId, movedCase: b.caseId }
}

const personOfCaseA = async (w: World) => (await w.t.db.select({ id: cases.personId }).from(cases).where(eq(cases.id, w.caseA.id)))[0]!.id!

export const peopleFixtures: Record<string, Fixture> = {
  'POST /intake/candidates': async (w) => ({ form: { person_name: 'Warga Kelurahan A', kelurahan: w.caseA.kelurahanCode, category: String(w.caseA.categoryId), person_features: 'baju merah' } }),
  'GET /people/:id{[0-9]+}': async (w) => ({ params: { id: await personOfCaseA(w) } }),
  'POST /people/:id{[0-9]+}': async (w) => {
    const id = await personOfCaseA(w)
    const [p] = await w.t.db.select().from(people).where(eq(people.id, id))
    return { params: { id }, form: { version: String(p!.version), name: p!.name, sex: 'P', features: 'Berkerudung biru.' } }
  },
  'POST /people/:id{[0-9]+}/merge': async (w) => {
    const [a, b] = [await personInA(w), await personInA(w)]
    return { params: { id: a.personId }, form: { into: String(b.personId), reason: 'Foto dan ciri-ciri sama.' } }
  },
  'POST /people/merges/:merge{[0-9]+}/undo': async (w) => ({ params: { merge: (await merged(w)).mergeId }, form: {} }),
  'POST /people/:id{[0-9]+}/photo': async (w) => {
    const multipart = new FormData()
    multipart.set('photo', new File([fakeJpeg() as Uint8Array<ArrayBuffer>], 'wajah.jpg', { type: 'image/jpeg' }))
    return { params: { id: (await personInA(w)).personId }, multipart }
  },
  'POST /people/:id{[0-9]+}/split': async (w) => {
    const m = await merged(w)
    return { params: { id: m.into }, form: { case: String(m.movedCase) } }
  },
}
