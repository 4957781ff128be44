// Requests for the routes of issue 7 (dashboard, recaps, case CSV, partners): a partner
// organisation to edit, a fresh username per call, so a caller who is let through succeeds.
import { partners } from '../../worker/db/schema'
import type { Fixture } from './fixtures'
import type { World } from './world'

let serial = 0
const partnerOf = async (w: World) => {
  const [row] = await w.t.db.insert(partners).values({ name: `Mitra uji ${++serial}-${Math.random().toString(36).slice(2, 6)}`, partnerType: 'baznas', createdAt: w.t.clock.now() }).returning()
  return row!.id
}

export const dashboardFixtures: Record<string, Fixture> = {
  'GET /dashboard': async () => ({ query: 'from=2026-11-01&to=2026-11-30' }),
  'GET /dashboard/recap': async () => ({ query: 'year=2026' }),
  'GET /dashboard/report': async () => ({ query: 'month=2026-11' }),
  'GET /cases/export.csv': async () => ({ query: 'open=1' }),
  'POST /admin/partners': async () => ({ form: { name: `Mitra baru ${++serial}`, partner_type: 'panti', contact: '', active: '1', accept_hours: '8', outcome_hours: '40' } }),
  'GET /admin/partners/:id{[0-9]+}': async (w) => ({ params: { id: await partnerOf(w) } }),
  'POST /admin/partners/:id{[0-9]+}': async (w) => ({ params: { id: await partnerOf(w) }, form: { name: `Mitra ubah ${++serial}`, partner_type: 'panti', contact: '', active: '1', accept_hours: '8', outcome_hours: '40' } }),
  'POST /admin/partners/:id{[0-9]+}/users': async (w) => ({ params: { id: await partnerOf(w) }, form: { username: `mitra.${++serial}${Math.random().toString(36).slice(2, 6)}`, display_name: 'Petugas Mitra' } }),
  // The case referred to partner P: mitra P's to open and answer, mitra Q's to be refused.
  'GET /mitra/cases/:id{[0-9]+}': async (w) => ({ params: { id: w.referred.id } }),
  'POST /mitra/cases/:id{[0-9]+}/answer': async (w) => ({ params: { id: w.referred.id }, form: { answer: 'diproses', note: 'Jadwal pemeriksaan Senin.' } }),
}
