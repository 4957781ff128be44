// Requests for the routes of issue 24 (guest links, public figures): each call makes what it acts on (a contact of
// kelurahan A, a working link to case A with a token the fixture knows), so a caller let through succeeds.
import { eq } from 'drizzle-orm'
import { cases, dtksProposals, guestLinks, kelurahanContacts } from '../../worker/db/schema'
import { guestLinkExpiresAt } from '../../worker/domain/guest-link'
import { randomToken, sha256Hex } from '../../worker/security/tokens'
import { kelurahanA } from '../support/app'
import type { Fixture } from './fixtures'
import type { World } from './world'

async function contactA(w: World) {
  const [ct] = await w.t.db.insert(kelurahanContacts).values({ kelurahanCode: kelurahanA, role: 'ketua_rt', name: 'Pak RT Uji', phone: '+6281255550002', unit: 'RT 03 / RW 12' }).returning()
  return ct!
}

/** A working link to case A, made as the supervisor would; returns its id and token. */
export async function workingGuestLink(w: World) {
  const ct = await contactA(w)
  const token = randomToken()
  const now = w.t.clock.now()
  const [link] = await w.t.db
    .insert(guestLinks)
    .values({ caseId: w.caseA.id, contactId: ct.id, contactName: ct.name, contactRole: ct.role, contactPhone: ct.phone, ask: 'Cek lokasi.', tokenHash: await sha256Hex(token), idem: randomToken(), createdBy: w.users.supervisor.id, createdAt: now, expiresAt: guestLinkExpiresAt(now) })
    .returning()
  return { id: link!.id, token }
}

/** Case A marked as not in DTKS, so an usulan may be recorded for it. */
async function notInDtks(w: World) {
  await w.t.db.update(cases).set({ dtksStatus: 'tidak' }).where(eq(cases.id, w.caseA.id))
}

/** An usulan for case A, as the supervisor would record it. */
async function proposalA(w: World) {
  await notInDtks(w)
  const [row] = await w.t.db.insert(dtksProposals).values({ caseId: w.caseA.id, sentOn: '2026-12-01', sentTo: 'Operator SIKS-NG Uji', idem: randomToken(), createdBy: w.users.supervisor.id, createdAt: w.t.clock.now() }).returning()
  return row!
}

export const coordinationFixtures: Record<string, Fixture> = {
  'POST /cases/:id{[0-9]+}/guest-links': async (w) => ({ params: { id: w.caseA.id }, form: { idem: randomToken(), contact: String((await contactA(w)).id), ask: 'Tolong cek lokasi.' } }),
  'POST /cases/:id{[0-9]+}/guest-links/:linkId{[0-9]+}/revoke': async (w) => ({ params: { id: w.caseA.id, linkId: (await workingGuestLink(w)).id }, form: {} }),
  'POST /cases/:id{[0-9]+}/dtks': async (w) => {
    await notInDtks(w)
    return { params: { id: w.caseA.id }, form: { idem: randomToken(), sent_on: '2026-01-05', sent_to: 'Ibu Sari, operator SIKS-NG', note: '' } }
  },
  'POST /cases/:id{[0-9]+}/dtks/:proposalId{[0-9]+}/hasil': async (w) => ({ params: { id: w.caseA.id, proposalId: (await proposalA(w)).id }, form: { idem: randomToken(), outcome: 'diterima', outcome_note: '' } }),
  'POST /cases/:id{[0-9]+}/lapor': async (w) => ({ params: { id: w.caseA.id }, form: { lapor_id: `${Date.now()}` } }),
  'GET /tamu/:token{[A-Za-z0-9_-]{43}}': async (w) => ({ params: { token: (await workingGuestLink(w)).token } }),
  'GET /kinerja/:code{[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}}': async () => ({ params: { code: kelurahanA } }),
  'POST /tamu/:token{[A-Za-z0-9_-]{43}}': async (w) => ({ params: { token: (await workingGuestLink(w)).token }, form: { idem: randomToken(), answer: 'tidak_ada', note: '' } }),
}
