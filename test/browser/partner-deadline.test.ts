import { execFile } from 'node:child_process'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { partners, partnerUsers } from '../../worker/db/schema'
import { categoryId, kelurahanA } from '../support/app'
import { serveTestApp, signIn, useBrowser } from '../support/browser'
import { caseRow, fileCase, forceStatus } from '../support/handling'

const chromium = useBrowser()
const phone = { width: 360, height: 740 }

/** `npm run sweep -- --now <iso>` against the served app's database file, as an operator would run it. */
async function sweepAt(dbPath: string, iso: string) {
  const env = { PATH: process.env.PATH!, HOME: process.env.HOME!, TMPDIR: tmpdir(), DATABASE_URL: `file:${dbPath}` }
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'sweep', '--', '--now', iso], { env })
  return stdout
}

describe('a partner that misses its deadline (issue 24)', () => {
  it('is reminded on its page after the sweep, and the holder is told next', async () => {
    const t = await serveTestApp({ now: '2026-11-24T07:00:00+07:00' })
    const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const [partner] = await t.db.insert(partners).values({ name: 'BAZNAS Kota Pontianak', partnerType: 'baznas', createdAt: t.clock.now(), acceptHours: 4, outcomeHours: 16 }).returning()
    const mitra = await t.addUser('mitra', { username: 'baznas.ptk' })
    await t.db.insert(partnerUsers).values({ userId: mitra.id, partnerId: partner!.id })
    const kase = await forceStatus(t, (await fileCase(t, await t.cookieFor(await t.addUser('operator')), { category: String(await categoryId(t.db, 'jps-sosial')) })).id, 'ditangani', fac.id)

    // The facilitator refers the case on a phone: Tuesday 07:00, so 4 working hours end at 12:00.
    const holder = await (await chromium.newContext({ viewport: phone })).newPage()
    await signIn(holder, t.origin, fac.username, undefined, `/cases/${kase.id}`)
    await holder.locator('summary', { hasText: 'Rujuk ke mitra' }).click()
    await holder.getByLabel('Mitra terdaftar').selectOption({ label: 'BAZNAS Kota Pontianak' })
    await holder.getByLabel('Yang diminta dari mitra').fill('Bantuan biaya hidup satu bulan.')
    await Promise.all([holder.waitForURL(/done=refer/), holder.getByRole('button', { name: 'Rujuk ke mitra' }).click()])
    expect((await caseRow(t, kase.id)).status).toBe('dirujuk')

    expect(await sweepAt(t.path, '2026-11-24T11:59:00+07:00')).not.toContain('partner deadline')
    expect(await sweepAt(t.path, '2026-11-24T12:00:00+07:00')).toContain('partner deadline step accept_remind')
    t.clock.set('2026-11-24T12:05:00+07:00')
    const partnerPage = await (await chromium.newContext({ viewport: phone })).newPage()
    await signIn(partnerPage, t.origin, mitra.username, undefined, '/mitra')
    expect(await partnerPage.locator('#pengingat').textContent()).toContain('BAZNAS Kota Pontianak belum menjawab rujukan (terima atau tolak), batas 24 Nov 2026 12.00 WIB.')
    expect(await partnerPage.getByRole('row', { name: new RegExp(kase.ticket) }).textContent()).toContain('(terlewat)')

    // The same length of working time later (Tuesday 12:00–16:00): the holder and the supervisors hear of it.
    expect(await sweepAt(t.path, '2026-11-24T16:00:00+07:00')).toContain('partner deadline step accept_escalate')
    // Hours later: the morning's session has ended, the facilitator signs in again.
    t.clock.set('2026-11-24T16:05:00+07:00')
    await signIn(holder, t.origin, fac.username, undefined, '/alerts')
    await holder.getByText('Mitra melewati batas waktu untuk kasus', { exact: false }).first().waitFor()
    await holder.goto(t.url(`/cases/${kase.id}`))
    await holder.getByText('Diteruskan ke pemegang kasus dan supervisor.', { exact: false }).waitFor()
  })
})
