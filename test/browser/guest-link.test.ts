import { describe, expect, it } from 'vitest'
import { kelurahanContacts } from '../../worker/db/schema'
import { kelurahanA } from '../support/app'
import { serveTestApp, signIn, useBrowser, watchProblems } from '../support/browser'
import { fileCase, forceStatus } from '../support/handling'

const chromium = useBrowser()
const phone = { width: 360, height: 740 }

describe('a guest link for a kelurahan contact (issue 24)', () => {
  it('is sent from the case page, answered from a 360 px phone without signing in, shown on the timeline; expired or revoked it shows nothing', async () => {
    const t = await serveTestApp()
    const supervisor = await t.addUser('supervisor')
    const fac = await t.addUser('fasilitator', { kelurahan: [kelurahanA] })
    const kase = await forceStatus(t, (await fileCase(t, await t.cookieFor(supervisor))).id, 'ditangani', fac.id)
    await t.db.insert(kelurahanContacts).values({ kelurahanCode: kelurahanA, role: 'ketua_rt', name: 'Pak Darmawan', phone: '+6281255550003', unit: 'RT 03 / RW 12' })

    const staff = await (await chromium.newContext({ viewport: { width: 1366, height: 900 } })).newPage()
    const staffProblems = await watchProblems(staff)
    await signIn(staff, t.origin, supervisor.username, undefined, `/cases/${kase.id}`)
    /** Sends a link from the case page's form and returns the URL it shows once. */
    const sendLink = async (ask: string) => {
      await staff.goto(t.url(`/cases/${kase.id}`))
      await staff.getByText('Kirim tautan ke kontak').click()
      await staff.getByLabel('Kontak').selectOption({ label: 'Pak Darmawan · Ketua RT RT 03 / RW 12' })
      await staff.getByLabel('Yang diminta').fill(ask)
      await Promise.all([staff.waitForLoadState('load'), staff.getByRole('button', { name: 'Buat tautan' }).click()])
      const url = await staff.getByLabel('Tautan untuk kontak').inputValue()
      expect(await staff.getByRole('link', { name: 'Kirim lewat WhatsApp' }).getAttribute('href')).toMatch(/^https:\/\/wa\.me\/6281255550003\?text=/)
      return url
    }
    const url = await sendLink('Mohon pastikan lansia masih di rumah.')

    // The contact, on a phone, no account.
    const guest = await (await chromium.newContext({ viewport: phone })).newPage()
    const guestProblems = await watchProblems(guest)
    await guest.goto(url)
    await guest.getByText('Mohon pastikan lansia masih di rumah.').waitFor()
    expect(await guest.textContent('main')).toContain(kase.ticket)
    expect(await guest.textContent('main')).not.toContain(kase.personName)
    expect(await guest.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await guest.getByLabel('Sudah menuju lokasi').check()
    await guest.getByLabel('Catatan (bila ada)').fill('Saya dan Babinsa berangkat sekarang.')
    await Promise.all([guest.waitForURL(/\?ok=1$/), guest.getByRole('button', { name: 'Kirim jawaban' }).click()])
    expect(await guest.getByRole('status').textContent()).toContain('jawaban Anda sudah diterima')

    // The holder sees it on the case's timeline.
    const holder = await (await chromium.newContext({ viewport: phone })).newPage()
    await signIn(holder, t.origin, fac.username, undefined, `/cases/${kase.id}`)
    await holder.getByText('Ketua RT Pak Darmawan: Sudah menuju lokasi. Saya dan Babinsa berangkat sekarang.').waitFor()

    // Revoked (the newest link is listed first): the next open shows nothing of the case.
    const second = await sendLink('Kabari bila orangnya pindah.')
    await Promise.all([staff.waitForURL(/done=guest-revoke/), staff.getByRole('button', { name: 'Cabut tautan' }).first().click()])
    await guest.goto(second)
    expect(await guest.textContent('h1')).toBe('Tautan tidak berlaku')
    expect(await guest.content()).not.toContain(kase.ticket)

    // Expired: three days later the first link shows nothing either.
    await guest.goto(url)
    expect(await guest.textContent('main')).toContain(kase.ticket)
    t.clock.advance({ hours: 72 })
    await guest.goto(url)
    expect(await guest.textContent('h1')).toBe('Tautan tidak berlaku')
    expect(await guest.content()).not.toContain(kase.ticket)
    expect(staffProblems).toEqual([])
    // The two refusals are the 404s asked for; nothing else went wrong on the guest's phone.
    expect(guestProblems.filter((p) => !/404/.test(p))).toEqual([])
  })
})
