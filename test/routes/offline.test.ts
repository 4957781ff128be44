import { readFileSync } from 'node:fs'
import { count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { assetUrls } from '../../worker/generated/assets'
import { casePhotos } from '../../worker/db/schema'
import { caseInHand, caseRow, eventsOf, fakeJpeg, forceStatus, multipart } from '../support/handling'

const key = 'antrean-ponsel-0001'

describe('a case action sent again with its idempotency key (the phone replaying its queue, issue 22)', () => {
  it('saves a visit with its photo once and answers the second sending as saved', async () => {
    const { t, kase, facCookie } = await caseInHand()
    const send = () =>
      t.request(`/cases/${kase.id}/visit`, {
        cookie: facCookie,
        method: 'POST',
        body: multipart({ version: String(kase.version), idem: key, note: 'Kunjungan di bantaran sungai.' }, [{ name: 'rumah.jpg', type: 'image/jpeg', bytes: fakeJpeg(3000) }]),
      })
    const first = await send()
    const second = await send()
    for (const res of [first, second]) {
      expect(res.status).toBe(303)
      expect(res.headers.get('Location')).toBe(`/cases/${kase.id}?done=visit#case-handling`)
    }
    const visits = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')
    expect(visits.map((e) => [e.note, e.idempotencyKey])).toEqual([['Kunjungan di bantaran sungai.', key]])
    expect((await t.db.select({ n: count() }).from(casePhotos).where(eq(casePhotos.caseId, kase.id)))[0]!.n).toBe(1)
    expect((await caseRow(t, kase.id)).version).toBe(kase.version + 1)
  })

  it('saves once when both sendings arrive at the same time', async () => {
    const { t, kase, facCookie } = await caseInHand()
    const form = { version: String(kase.version), idem: key, outcome: 'bantuan_diberikan', note: 'Sembako diberikan.' }
    const answers = await Promise.all([1, 2, 3].map(() => t.request(`/cases/${kase.id}/resolve`, { cookie: facCookie, form })))
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303])
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'resolve')).toHaveLength(1)
  })

  it('refuses a new action made on an older version, with the typed note back, while the same key with another user is not a replay', async () => {
    const { t, kase, facCookie, colleague } = await caseInHand()
    expect((await t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, form: { version: String(kase.version), idem: key, note: 'Pertama.' } })).status).toBe(303)
    // Another action made offline on the same (now older) page: a conflict to see and redo, not lost.
    const stale = await t.request(`/cases/${kase.id}/visit`, { cookie: facCookie, form: { version: String(kase.version), idem: 'antrean-ponsel-0002', note: 'Kedua, dari ponsel.' } })
    expect(stale.status).toBe(409)
    const html = await stale.text()
    expect(html).toContain('sudah diubah orang lain')
    expect(html).toContain('Kedua, dari ponsel.')
    expect(html).toContain(`name="version" value="${kase.version + 1}"`)
    // A key is only a replay of the same user's action on the same case.
    const other = await t.request(`/cases/${kase.id}/visit`, { cookie: await t.cookieFor(colleague), form: { version: String(kase.version), idem: key, note: 'Rekan.' } })
    expect(other.status).toBe(409)
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit').map((e) => e.note)).toEqual(['Pertama.'])
  })

  it('refuses, writing nothing, an action a phone queued for another user than the one signed in now', async () => {
    const { t, fac, kase, colleague } = await caseInHand()
    const form = { version: String(kase.version), idem: key, note: 'Dari antrean pengguna lain.' }
    const res = await t.request(`/cases/${kase.id}/visit`, { cookie: await t.cookieFor(colleague), form, headers: { 'Sigap-User': String(fac.id) } })
    expect(res.status).toBe(401)
    expect((await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')).toHaveLength(0)
    const own = await t.request(`/cases/${kase.id}/visit`, { cookie: await t.cookieFor(fac), form, headers: { 'Sigap-User': String(fac.id) } })
    expect(own.status).toBe(303)
  })

  it('gives every case page render a fresh key in each action form', async () => {
    const { t, kase, facCookie } = await caseInHand()
    const keyOf = async () => /name="idem" value="([A-Za-z0-9_-]+)"/.exec(await (await t.request(`/cases/${kase.id}`, { cookie: facCookie })).text())?.[1]
    const [a, b] = [await keyOf(), await keyOf()]
    expect(a).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    expect(b).not.toBe(a)
  })
})

describe('what a phone may keep offline (issue 22)', () => {
  it('marks Kasus saya and the facilitator’s own open case pages, and names the cases to fetch ahead', async () => {
    const { t, fac, kase, facCookie } = await caseInHand()
    const list = await t.request('/my-cases', { cookie: facCookie })
    expect(list.headers.get('Sigap-Offline')).toBe('keep')
    expect(list.headers.get('Sigap-User')).toBe(String(fac.id))
    expect(list.headers.get('Sigap-Offline-Cases')).toBe(String(kase.id))
    const html = await list.text()
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"/>')
    expect(html).toMatch(new RegExp(`<script src="${assetUrls.boot}" defer="" data-run="[^"]*${assetUrls.offline}"></script>`))
    expect(html).toMatch(/data-offline-note="true" hidden="">Tanpa sinyal: ini salinan terakhir di ponsel, diperbarui 09\.00, 24 Nov 2026\./)
    const page = await t.request(`/cases/${kase.id}`, { cookie: facCookie })
    expect(page.status).toBe(200)
    expect(page.headers.get('Sigap-Offline')).toBe('keep')
  })

  it('keeps nothing of a colleague’s case, a closed case, a page with a message, or any page of another role', async () => {
    const { t, kase, facCookie, colleague, supCookie } = await caseInHand()
    const colleagues = await t.request(`/cases/${kase.id}`, { cookie: await t.cookieFor(colleague) })
    expect(colleagues.status).toBe(200)
    expect(colleagues.headers.get('Sigap-Offline')).toBeNull()
    expect((await t.request(`/cases/${kase.id}?done=visit`, { cookie: facCookie })).headers.get('Sigap-Offline')).toBeNull()
    for (const path of [`/cases/${kase.id}`, '/intake', '/queue']) {
      const res = await t.request(path, { cookie: supCookie })
      expect(res.headers.get('Sigap-Offline')).toBeNull()
      const html = await res.text()
      expect(html).not.toContain('manifest')
      expect(html).not.toContain(assetUrls.offline)
    }
    await forceStatus(t, kase.id, 'selesai', (await caseRow(t, kase.id)).assignedTo)
    expect((await t.request(`/cases/${kase.id}`, { cookie: facCookie })).headers.get('Sigap-Offline')).toBeNull()
    expect((await t.request('/my-cases', { cookie: facCookie })).headers.get('Sigap-Offline-Cases')).toBe('')
  })

  it('serves the installable app’s manifest and its icons from the app itself', async () => {
    const { t } = await caseInHand()
    const res = await t.request('/manifest.webmanifest')
    expect(res.headers.get('Content-Type')).toBe('application/manifest+json')
    const manifest = (await res.json()) as { icons: { src: string }[] }
    expect(manifest).toMatchObject({ name: 'Sigap Dinas Sosial', short_name: 'Sigap', lang: 'id', start_url: '/my-cases', display: 'standalone' })
    for (const [icon, file] of [[manifest.icons[0]!, 'views/static/icon-192.png'], [manifest.icons[1]!, 'views/static/icon-512.png']] as const) {
      expect(icon.src).toMatch(/^\/static\/icon\d+\.[0-9a-f]{10}\.png$/)
      const got = await t.request(icon.src)
      expect(got.headers.get('Content-Type')).toBe('image/png')
      expect(Buffer.from(await got.arrayBuffer()).equals(readFileSync(file))).toBe(true)
    }
  })
})
