import { count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { caseStatuses } from '../../worker/domain/case'
import { actions, type Action } from '../../worker/domain/transitions'
import { casePhotos, eventLocations, referrals } from '../../worker/db/schema'
import { createTestApp, kelurahanA, kelurahanB, type TestApp } from '../support/app'
import { auditCount, caseRow, eventsOf, fakeJpeg, fileCase, forceStatus, multipart } from '../support/handling'
import { cameraJpeg } from '../support/camera-photo'
import { maxUploadBytes, sniffImage, targetPhotoBytes } from '../../worker/domain/photo'

const partial = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }
const pathOf = (id: number, action: Action) => `/cases/${id}/${action.replace('_', '-')}`

async function setup() {
  const t = await createTestApp()
  const supervisor = await t.addUser('supervisor')
  const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
  const colleague = await t.addUser('fasilitator', { kelurahan: [kelurahanB] })
  const supCookie = await t.cookieFor(supervisor)
  return { t, supervisor, fac, colleague, supCookie, facCookie: await t.cookieFor(fac) }
}

/** A valid form for each action, as the page would send it. */
function validForm(action: Action, ctx: { version: number; otherTicket: string; assignee: number }): Record<string, string> {
  const base = { version: String(ctx.version) }
  switch (action) {
    case 'accept':
    case 'visit':
      return { ...base, note: 'Sudah telepon pelapor, berangkat ke lokasi.', lat: '-0.0263', lng: '109.3425', accuracy: '15' }
    case 'refer':
      return { ...base, partner_type: 'rsj', partner_name: 'RSJ Sungai Bangkong', request: 'Pemeriksaan dan rawat inap', note: '' }
    case 'resolve':
      return { ...base, outcome: 'bantuan_diberikan', note: 'Sembako dan pendampingan.' }
    case 'reject':
      return { ...base, note: 'Bukan kewenangan Dinas Sosial.' }
    case 'duplicate':
      return { ...base, duplicate_of: ctx.otherTicket, note: 'Orang dan alamat sama.' }
    case 'assign':
      return { ...base, assignee: String(ctx.assignee), note: 'Fasilitator sebelumnya cuti.' }
    case 'close':
      return { ...base, note: '' }
    case 'send_back':
      return { ...base, note: 'Belum ada foto kunjungan.' }
  }
}

const expectedTarget: Record<Action, string | null> = { accept: 'ditangani', visit: null, refer: 'dirujuk', resolve: 'selesai', reject: 'ditolak', duplicate: 'duplikat', assign: 'ditugaskan', close: 'ditutup', send_back: 'ditangani' }
const allowed: Record<string, Partial<Record<Action, string[]>>> = {
  fasilitator: { accept: ['ditugaskan'], visit: ['ditangani', 'dirujuk'], refer: ['ditangani', 'dirujuk'], resolve: ['ditangani', 'dirujuk'], reject: ['ditugaskan', 'ditangani'], duplicate: ['ditugaskan', 'ditangani'] },
  supervisor: { assign: ['baru', 'ditugaskan', 'ditangani', 'dirujuk'], reject: ['baru', 'ditugaskan', 'ditangani', 'dirujuk'], duplicate: ['baru', 'ditugaskan', 'ditangani', 'dirujuk'], close: ['selesai'], send_back: ['selesai'] },
}

describe('case transitions over HTTP, every role × status × action', () => {
  for (const role of ['operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'] as const) {
    it(`enforces the rules for ${role} on the server`, async () => {
      const { t, fac, colleague, supCookie } = await setup()
      const actor = role === 'fasilitator' ? fac : await t.addUser(role, {})
      const cookie = await t.cookieFor(actor)
      const other = await fileCase(t, supCookie)
      for (const status of caseStatuses) {
        for (const action of actions) {
          const kase = await forceStatus(t, (await fileCase(t, supCookie)).id, status, status === 'baru' ? null : fac.id)
          const before = (await eventsOf(t, kase.id)).length
          const form = validForm(action, { version: kase.version, otherTicket: other.ticket, assignee: colleague.id })
          const res = await t.request(pathOf(kase.id, action), { cookie, form })
          const after = await caseRow(t, kase.id)
          const label = `${role} ${action} from ${status}`
          if (allowed[role]?.[action]?.includes(status)) {
            expect(res.status, label).toBe(303)
            expect(res.headers.get('Location'), label).toBe(`/cases/${kase.id}?done=${action.replace('_', '-')}#case-handling`)
            expect(after.status, label).toBe(expectedTarget[action] ?? status)
            expect(after.version, label).toBe(kase.version + 1)
            const events = await eventsOf(t, kase.id)
            expect(events.length, label).toBe(before + 1)
            expect(events.at(-1), label).toMatchObject({ kind: action, actorId: actor.id, fromStatus: status, toStatus: after.status, at: t.clock.now() })
            expect(await auditCount(t, kase.id, `case.${action}`), label).toBe(1)
          } else {
            expect(res.status, label).toBe(403)
            expect(after, label).toEqual(kase)
            expect((await eventsOf(t, kase.id)).length, label).toBe(before)
          }
        }
      }
    }, 60_000)
  }
})

describe('case handling rules', () => {
  it('turns a stale form away with a clear message and changes nothing', async () => {
    const { t, fac, supCookie, facCookie } = await setup()
    const kase = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditugaskan', fac.id)
    const first = await t.request(pathOf(kase.id, 'accept'), { cookie: facCookie, form: validForm('accept', { version: kase.version, otherTicket: '', assignee: 0 }) })
    expect(first.status).toBe(303)
    const moved = await caseRow(t, kase.id)
    // The same, older form again (a second tab, a double tap): the whole case page says it.
    const again = await t.request(pathOf(kase.id, 'reject'), { cookie: facCookie, form: validForm('reject', { version: kase.version, otherTicket: '', assignee: 0 }) })
    expect(again.status).toBe(409)
    const html = await again.text()
    expect(html).toContain('<html')
    expect(html).toContain('sudah diubah orang lain')
    expect(await caseRow(t, kase.id)).toEqual(moved)
  })

  it('answers 404 outside the facilitator area, for actions and photos alike', async () => {
    const { t, fac, colleague, supCookie } = await setup()
    const kase = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditugaskan', fac.id)
    const outsider = await t.cookieFor(colleague)
    const res = await t.request(pathOf(kase.id, 'accept'), { cookie: outsider, form: validForm('accept', { version: kase.version, otherTicket: '', assignee: 0 }) })
    expect(res.status).toBe(404)
    expect(await caseRow(t, kase.id)).toEqual(kase)
    expect((await t.request(`/cases/${kase.id}/photos/1`, { cookie: outsider })).status).toBe(404)
  })

  it('lets a facilitator assigned across kelurahan lines see and handle that case', async () => {
    const { t, colleague, supCookie } = await setup()
    const kase = await fileCase(t, supCookie) // goes to the facilitator of kelurahan A
    const noReason = await t.request(pathOf(kase.id, 'assign'), { cookie: supCookie, form: { version: String(kase.version), assignee: String(colleague.id), note: '' } })
    expect(noReason.status).toBe(422)
    const assign = await t.request(pathOf(kase.id, 'assign'), { cookie: supCookie, form: { version: String(kase.version), assignee: String(colleague.id), note: 'Fasilitator setempat cuti.' } })
    expect(assign.status).toBe(303)
    const cookie = await t.cookieFor(colleague)
    expect((await t.request(`/cases/${kase.id}`, { cookie })).status).toBe(200)
    expect(await (await t.request('/my-cases', { cookie })).text()).toContain(kase.ticket)
  })

  it('re-renders a failed form with the typed values and a message per field (422)', async () => {
    const { t, fac, supCookie, facCookie } = await setup()
    const kase = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditangani', fac.id)
    const res = await t.request(pathOf(kase.id, 'refer'), { cookie: facCookie, form: { version: String(kase.version), partner_type: 'rsj', partner_name: 'RSJ Sungai Bangkong', request: '', note: 'Sudah dihubungi.' } })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(`<title>Kasus ${kase.ticket} · Sigap</title>`)
    // The failed form open, what was typed in it, the message beside the field; the other forms closed.
    const refer = /<details class="action"[^>]*><summary>Rujuk ke mitra<\/summary>[\s\S]*?<\/details>/.exec(html)![0]
    expect(refer).toMatch(/^<details class="action" open="">/)
    expect(refer).toContain('<option value="rsj" selected="">')
    expect(refer).toContain('value="RSJ Sungai Bangkong"')
    expect(refer).toContain('>Sudah dihubungi.</textarea>')
    expect(refer).toMatch(/<p class="error" id="e-request">[^<]+<\/p>/)
    expect(html.match(/<details class="action" open="">/g)).toHaveLength(1)
    expect(await caseRow(t, kase.id)).toEqual(kase)
  })

  it('answers a refused action (409, 422) with the whole case page, every panel of the viewer included', async () => {
    const { t, fac, supCookie, facCookie } = await setup()
    const kase = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditangani', fac.id)
    const panels = (html: string) => [...html.matchAll(/<section[^>]*\bid="(case-[\w-]+)"/g)].map((m) => m[1])
    const shown = panels(await (await t.request(`/cases/${kase.id}`, { cookie: facCookie })).text())
    expect(shown).toEqual(['case-handling', 'case-services'])
    const stale = await t.request(pathOf(kase.id, 'resolve'), { cookie: facCookie, form: validForm('resolve', { version: kase.version + 1, otherTicket: '', assignee: 0 }) })
    expect(stale.status).toBe(409)
    expect(panels(await stale.text())).toEqual(shown)
    const invalid = await t.request(pathOf(kase.id, 'refer'), { cookie: facCookie, form: { version: String(kase.version), partner_type: 'rsj', partner_name: 'RSJ', request: '', note: '' } })
    expect(invalid.status).toBe(422)
    expect(panels(await invalid.text())).toEqual(shown)
    // A letter for a case nobody is on yet is refused on the supervisor's own page.
    const fresh = await fileCase(t, supCookie)
    await forceStatus(t, fresh.id, 'baru', null)
    const supervisorPanels = panels(await (await t.request(`/cases/${fresh.id}`, { cookie: supCookie })).text())
    const letter = await t.request(`/cases/${fresh.id}/surat-tugas`, { cookie: supCookie, form: {} })
    expect(letter.status).toBe(422)
    expect(panels(await letter.text())).toEqual(supervisorPanels)
  })

  it('records a referral, a GPS position and the time to handle', async () => {
    const { t, fac, supCookie } = await setup()
    const kase = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditugaskan', fac.id)
    let version = kase.version
    for (const action of ['accept', 'refer', 'resolve'] as const) {
      t.clock.advance({ hours: 2 })
      // Sessions end after 30 idle minutes: sign in again after moving the clock.
      const res = await t.request(pathOf(kase.id, action), { cookie: await t.cookieFor(fac), form: validForm(action, { version, otherTicket: '', assignee: 0 }) })
      expect(res.status).toBe(303)
      version++
    }
    const done = await caseRow(t, kase.id)
    expect(done).toMatchObject({ status: 'selesai', handleMinutes: 360, resolvedAt: t.clock.now(), outcome: 'bantuan_diberikan' })
    expect(await t.db.select().from(referrals).where(eq(referrals.caseId, kase.id))).toMatchObject([{ partnerType: 'rsj', partnerName: 'RSJ Sungai Bangkong', request: 'Pemeriksaan dan rawat inap', actorId: fac.id }])
    const [accept] = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'accept')
    expect(await t.db.select().from(eventLocations).where(eq(eventLocations.eventId, accept!.id))).toEqual([{ eventId: accept!.id, lat: -0.0263, lng: 109.3425, accuracyM: 15 }])
    // The clock stays stopped: the page shows the stored time to handle.
    t.clock.advance({ days: 3 })
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: await t.cookieFor(fac) })).text()
    // In the one duration format, as everywhere else (was "6 j").
    expect(page).toMatch(/<dt>Waktu penanganan<\/dt>\s*<dd>6 jam<\/dd>/)
  })

  it('offers the actions as plain forms and answers them with the case page, not an htmx partial', async () => {
    const { t, fac, supCookie, facCookie } = await setup()
    const kase = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditugaskan', fac.id)
    const page = await (await t.request(`/cases/${kase.id}`, { cookie: facCookie })).text()
    const forms = [...page.matchAll(/<form [^>]*action="\/cases\/\d+\/([a-z-]+)"[^>]*>/g)]
    expect(forms.map((m) => m[1])).toEqual(['accept', 'reject', 'duplicate', 'lapor'])
    for (const [form] of forms) expect(form).not.toMatch(/\shx-/)
    const res = await t.request(pathOf(kase.id, 'accept'), { cookie: facCookie, form: validForm('accept', { version: kase.version, otherTicket: '', assignee: 0 }) })
    expect(res.status).toBe(303)
    const after = await (await t.request(res.headers.get('Location')!, { cookie: facCookie })).text()
    expect(after).toContain('<span class="badge" id="case-status">Ditangani</span>')
    expect(after).toContain('Tersimpan. Status sekarang: Ditangani.')
    expect(after).toContain('Sudah telepon pelapor, berangkat ke lokasi.')
    // The forms of the new state, each with the new version.
    expect([...after.matchAll(/<form [^>]*action="\/cases\/\d+\/([a-z-]+)"/g)].map((m) => m[1])).toEqual(['visit', 'refer', 'resolve', 'reject', 'duplicate', 'lapor'])
    expect(after.match(/name="version" value="(\d+)"/g)).toEqual(Array(5).fill(`name="version" value="${kase.version + 1}"`))
  })
})

describe('visit photos', () => {
  async function visitCase() {
    const s = await setup()
    const kase = await forceStatus(s.t, (await fileCase(s.t, s.supCookie)).id, 'ditangani', s.fac.id)
    return { ...s, kase }
  }
  const photoCount = async (t: TestApp, id: number) => (await t.db.select({ n: count() }).from(casePhotos).where(eq(casePhotos.caseId, id)))[0]!.n

  it('stores checked photos and shows them only to users who may see the case', async () => {
    const { t, kase, facCookie, supCookie, colleague } = await visitCase()
    const body = multipart({ version: String(kase.version), note: 'Kunjungan rumah.' }, [
      { name: 'a.jpg', type: 'image/jpeg', bytes: fakeJpeg(4000) },
      { name: 'b.jpg', type: 'image/jpeg', bytes: fakeJpeg(6000) },
    ])
    const res = await t.request(pathOf(kase.id, 'visit'), { cookie: facCookie, method: 'POST', body })
    expect(res.status).toBe(303)
    const photos = await t.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase.id))
    expect(photos.map((p) => p.size)).toEqual([4000, 6000])
    const [visit] = (await eventsOf(t, kase.id)).filter((e) => e.kind === 'visit')
    expect(photos.every((p) => p.eventId === visit!.id)).toBe(true)
    for (const cookie of [facCookie, supCookie]) {
      const got = await t.request(`/cases/${kase.id}/photos/${photos[0]!.id}`, { cookie })
      expect(got.status).toBe(200)
      expect(got.headers.get('Content-Type')).toBe('image/jpeg')
      expect(got.headers.get('Cache-Control')).toContain('no-store')
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(fakeJpeg(4000))
    }
    expect(await auditCount(t, kase.id, 'photo.read')).toBe(2)
    expect((await t.request(`/cases/${kase.id}/photos/${photos[0]!.id}`, { cookie: await t.cookieFor(colleague) })).status).toBe(404)
    expect((await t.request(`/cases/${kase.id}/photos/${photos[0]!.id}`)).status).toBe(303)
    expect(await auditCount(t, kase.id, 'photo.read')).toBe(2)
    // A photo id under another case's URL is not found either.
    const other = await fileCase(t, supCookie)
    expect((await t.request(`/cases/${other.id}/photos/${photos[0]!.id}`, { cookie: supCookie })).status).toBe(404)
  })

  const refused: [string, { name: string; type: string; bytes: Uint8Array }[]][] = [
    ['over 200 KB and not a picture the server can shrink', [{ name: 'big.jpg', type: 'image/jpeg', bytes: fakeJpeg(300 * 1024 + 1) }]],
    ['not an image', [{ name: 'x.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('<svg onload="alert(1)"></svg>') }]],
    ['mislabelled', [{ name: 'x.png', type: 'image/png', bytes: fakeJpeg() }]],
    ['too many', Array.from({ length: 4 }, (_, i) => ({ name: `${i}.jpg`, type: 'image/jpeg', bytes: fakeJpeg() }))],
  ]
  for (const [what, files] of refused) {
    it(`refuses a photo that is ${what} and records nothing`, async () => {
      const { t, kase, facCookie } = await visitCase()
      const res = await t.request(pathOf(kase.id, 'visit'), { cookie: facCookie, method: 'POST', body: multipart({ version: String(kase.version), note: 'Kunjungan.' }, files) })
      expect(res.status).toBe(422)
      const html = await res.text()
      expect(html).toContain('Kunjungan.')
      expect(await photoCount(t, kase.id)).toBe(0)
      expect(await caseRow(t, kase.id)).toEqual(kase)
    })
  }

  it('takes a 1 MB camera photo whole and stores it shrunk to at most 200 KB', { timeout: 60_000 }, async () => {
    const { t, kase, facCookie } = await visitCase()
    const camera = cameraJpeg(2000, 1500)
    expect(camera.length).toBeGreaterThan(1024 * 1024)
    const res = await t.request(pathOf(kase.id, 'visit'), { cookie: facCookie, method: 'POST', body: multipart({ version: String(kase.version), note: 'Foto rumah dari kamera.' }, [{ name: 'IMG_0001.jpg', type: 'image/jpeg', bytes: camera }]) })
    expect(res.status).toBe(303)
    const [photo] = await t.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase.id))
    expect(photo).toMatchObject({ contentType: 'image/jpeg' })
    expect(photo!.size).toBeLessThanOrEqual(targetPhotoBytes)
    const got = new Uint8Array(await (await t.request(`/cases/${kase.id}/photos/${photo!.id}`, { cookie: facCookie })).arrayBuffer())
    expect(got.length).toBe(photo!.size)
    expect(sniffImage(got)).toBe('image/jpeg')
  })

  it('answers a body over 10 MB with the case page, the visit form open, the note kept and the limit named, reading only its start', async () => {
    const { t, kase, facCookie } = await visitCase()
    const form = multipart({ version: String(kase.version), note: 'Rumah kosong, tetangga bilang pindah.' }, [{ name: 'big.jpg', type: 'image/jpeg', bytes: fakeJpeg(maxUploadBytes) }])
    // Serialised as a browser sends it: with a Content-Length, so the limit answers before reading.
    const sent = new Request('http://x/', { method: 'POST', body: form })
    const bytes = new Uint8Array(await sent.arrayBuffer())
    let read = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (read >= bytes.length) return controller.close()
        controller.enqueue(bytes.subarray(read, read + 16 * 1024))
        read += 16 * 1024
      },
    })
    const res = await t.request(pathOf(kase.id, 'visit'), {
      cookie: facCookie,
      method: 'POST',
      headers: { 'Content-Type': sent.headers.get('Content-Type')!, 'Content-Length': String(bytes.length) },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    const html = await res.text()
    expect(html).toContain('Rumah kosong, tetangga bilang pindah.')
    expect(html).toMatch(/<details class="action" open[^>]*>\s*<summary>Catat kunjungan<\/summary>/)
    expect(html).toContain('paling besar 10 MB')
    expect(read).toBeLessThan(128 * 1024)
    expect(await photoCount(t, kase.id)).toBe(0)
    expect(await caseRow(t, kase.id)).toEqual(kase)
  })
})

describe('Kasus saya and the queue', () => {
  it('lists own open cases, overdue first then nearest due, with tel: and WhatsApp links', async () => {
    const { t, fac, supervisor, supCookie } = await setup()
    const oldest = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditangani', fac.id)
    t.clock.advance({ hours: 10 })
    const middle = await forceStatus(t, (await fileCase(t, await t.cookieFor(supervisor))).id, 'ditugaskan', fac.id)
    t.clock.advance({ hours: 2 })
    const sup = await t.cookieFor(supervisor)
    const newest = await forceStatus(t, (await fileCase(t, sup, { reporter_phone: '0811 1111 2222' })).id, 'dirujuk', fac.id)
    await forceStatus(t, (await fileCase(t, sup)).id, 'selesai', fac.id)
    await forceStatus(t, (await fileCase(t, sup)).id, 'ditugaskan', null)
    t.clock.advance({ hours: 20 }) // oldest is 8 h late; the other two still have time
    const res = await t.request('/my-cases', { cookie: await t.cookieFor(fac) })
    expect(res.status).toBe(200)
    const html = await res.text()
    const tickets = [...html.matchAll(/<a class="nowrap" href="\/cases\/\d+">(\d{4}-\d{4})<\/a>/g)].map((m) => m[1])
    expect(tickets).toEqual([oldest.ticket, middle.ticket, newest.ticket])
    expect(html).toContain('terlambat 8 jam')
    expect(html).toContain('href="tel:+6281111112222"')
    expect(html).toContain('href="https://wa.me/6281111112222"')
    expect((await t.request('/my-cases', { cookie: await t.cookieFor(supervisor) })).status).toBe(403)
  })

  it('shows the supervisor unassigned and overdue cases only', async () => {
    const { t, fac, supervisor, supCookie } = await setup()
    const late = await forceStatus(t, (await fileCase(t, supCookie)).id, 'ditangani', fac.id)
    const done = await forceStatus(t, (await fileCase(t, supCookie)).id, 'selesai', fac.id)
    t.clock.advance({ hours: 30 })
    const sup = await t.cookieFor(supervisor)
    const fresh = await forceStatus(t, (await fileCase(t, sup)).id, 'baru', null)
    const onTime = await forceStatus(t, (await fileCase(t, sup)).id, 'ditugaskan', fac.id)
    const html = await (await t.request('/queue', { cookie: sup })).text()
    expect(html).toContain(late.ticket)
    expect(html).toContain(fresh.ticket)
    expect(html).not.toContain(done.ticket)
    expect(html).not.toContain(onTime.ticket)
  })

  it('lets the supervisor assign a new case from the queue with JavaScript off, through the case assign action', async () => {
    const { t, fac, colleague, supervisor, supCookie: filer } = await setup()
    const fresh = await forceStatus(t, (await fileCase(t, filer)).id, 'baru', null)
    const late = await forceStatus(t, (await fileCase(t, filer)).id, 'ditangani', fac.id)
    t.clock.advance({ hours: 30 })
    const supCookie = await t.cookieFor(supervisor)
    const html = await (await t.request('/queue', { cookie: supCookie })).text()
    // One form, on the `baru` row only: the case version rides along; no reason for a first assignment.
    expect(html.match(/<form method="post" action="\/cases\/\d+\/assign"/g)).toEqual([`<form method="post" action="/cases/${fresh.id}/assign"`])
    expect(html).toContain(`<input type="hidden" name="version" value="${fresh.version}"/>`)
    expect(html).toContain(`id="f-assignee-${fresh.id}"`)
    expect(html).not.toContain(`id="f-note-${fresh.id}"`)
    expect(html).toContain(late.ticket)
    // The kepala sees the queue but may not assign: no form.
    const kepala = await t.cookieFor(await t.addUser('kepala'))
    expect(await (await t.request('/queue', { cookie: kepala })).text()).not.toContain('/assign')

    // Invalid (no facilitator): the queue again with the message beside the field, nothing stored.
    const form = { version: String(fresh.version), return: 'queue', assignee: '', note: '' }
    const bad = await t.request(`/cases/${fresh.id}/assign`, { cookie: supCookie, form })
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toContain('<!doctype html>')
    expect(badHtml).toContain('<h1>Antrean</h1>')
    expect(badHtml).toContain(`id="e-assignee-${fresh.id}"`)
    expect(await caseRow(t, fresh.id)).toEqual(fresh)

    const ok = await t.request(`/cases/${fresh.id}/assign`, { cookie: supCookie, form: { ...form, assignee: String(colleague.id) } })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('Location')).toBe(`/queue?assigned=${fresh.ticket}`)
    expect(await caseRow(t, fresh.id)).toMatchObject({ status: 'ditugaskan', assignedTo: colleague.id, version: fresh.version + 1 })
    expect(await auditCount(t, fresh.id, 'case.assign')).toBe(1)
    expect(await (await t.request(ok.headers.get('Location')!, { cookie: supCookie })).text()).toContain(`Tersimpan: kasus ${fresh.ticket} ditugaskan.`)

    // The form from before the change is stale: refused on the queue, nothing changed.
    const stale = await t.request(`/cases/${fresh.id}/assign`, { cookie: supCookie, form: { ...form, assignee: String(fac.id) } })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain(`Kasus ${fresh.ticket}:`)
    expect((await caseRow(t, fresh.id)).assignedTo).toBe(colleague.id)
    // The kepala's post gets the state machine's answer, on the queue too.
    expect((await t.request(`/cases/${fresh.id}/assign`, { cookie: kepala, form: { ...form, version: String(fresh.version + 1), assignee: String(fac.id) } })).status).toBe(403)
  })

  it('answers an htmx assign from the queue with the queue list alone, and asks a reason when the case had someone', async () => {
    const { t, fac, colleague, supCookie } = await setup()
    const fresh = await forceStatus(t, (await fileCase(t, supCookie)).id, 'baru', null)
    const handedBack = await forceStatus(t, (await fileCase(t, supCookie)).id, 'baru', fac.id)
    const html = await (await t.request('/queue', { cookie: supCookie })).text()
    expect(html).toContain(`id="f-note-${handedBack.id}"`)
    expect(html).toContain(`hx-post="/cases/${fresh.id}/assign" hx-target="#queue" hx-swap="outerHTML"`)

    const noReason = await t.request(`/cases/${handedBack.id}/assign`, { cookie: supCookie, headers: partial, form: { version: String(handedBack.version), return: 'queue', assignee: String(colleague.id), note: '' } })
    expect(noReason.status).toBe(422)
    const fragment = await noReason.text()
    expect(fragment.startsWith('<div id="queue">')).toBe(true)
    expect(fragment).not.toContain('<html')
    expect(fragment).toContain('Alasan penugasan ulang wajib diisi.')
    expect(fragment).toContain(`<option value="${colleague.id}" selected="">`)
    expect((await caseRow(t, handedBack.id)).assignedTo).toBe(fac.id)

    const res = await t.request(`/cases/${fresh.id}/assign`, { cookie: supCookie, headers: partial, form: { version: String(fresh.version), return: 'queue', assignee: String(fac.id) } })
    expect(res.status).toBe(200)
    expect(res.headers.get('Vary')).toContain('HX-Request')
    const body = await res.text()
    expect(body.startsWith('<div id="queue">')).toBe(true)
    expect(body).toContain(`Tersimpan: kasus ${fresh.ticket} ditugaskan.`)
    expect(body).not.toContain(`action="/cases/${fresh.id}/assign"`)
    expect(await caseRow(t, fresh.id)).toMatchObject({ status: 'ditugaskan', assignedTo: fac.id })
  })
})
