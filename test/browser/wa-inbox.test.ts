// Pesan masuk in Chromium (issue 21, the desk's side, end to end): a reporter's messages come in
// through Meta's signed webhook (the photo fetched from a Graph API stand-in on 127.0.0.1), the
// operator finds the conversation in Pesan masuk, opens it and makes the report with the keyboard
// alone; the case exists with the photo and the channel WhatsApp, received at the first message.
import type { Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { readAlertConfig } from '../../worker/config'
import { casePhotos, cases, waConversations } from '../../worker/db/schema'
import { serveTestApp, signIn, useBrowser, watchProblems } from '../support/browser'
import { cameraJpeg } from '../support/camera-photo'
import { startGraphApi } from '../support/graph-api'
import { change, delivery, imageMessage, locationMessage, signMeta, textMessage } from '../support/whatsapp-payloads'

const chromium = useBrowser()
const appSecret = 'meta-app-secret-for-the-browser'
const reporter = { name: 'Siti Aminah', waId: '6281234567890' }
// 24 Nov 2026 07:00:00 WIB: two hours before the test clock's 09:00.
const sentAt = Date.parse('2026-11-24T07:00:00+07:00') / 1000

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${escape(label)}( \\*)?$`))
const focused = (page: Page, label: string) => field(page, label).evaluate((el) => el === document.activeElement)

describe('Pesan masuk in Chromium', () => {
  for (const javaScript of [true, false]) {
    it(`turns a WhatsApp conversation into a case from the keyboard alone (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const graph = await startGraphApi('wa-token')
      const alerts = readAlertConfig({ SIGAP_WHATSAPP_TOKEN: 'wa-token', SIGAP_WHATSAPP_PHONE_ID: '106540352242922', SIGAP_WHATSAPP_API_URL: graph.url, SIGAP_WHATSAPP_APP_SECRET: appSecret, SIGAP_WHATSAPP_VERIFY_TOKEN: 'verify-token-of-twenty-chars-or-more' }, false)
      const t = await serveTestApp({ config: { alerts } })
      const photo = cameraJpeg(64, 48)
      graph.addMedia('1003383421387256', photo, 'image/jpeg')
      const body = delivery([
        change(reporter, [
          textMessage(reporter.waId, 'wamid.t1', sentAt, 'Ada ibu tua tidur di emperan toko, sudah dua hari.'),
          imageMessage(reporter.waId, 'wamid.i1', sentAt + 30, '1003383421387256', 'Ini orangnya'),
          locationMessage(reporter.waId, 'wamid.l1', sentAt + 60),
        ]),
      ])
      const hook = await fetch(t.url('/whatsapp'), { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signMeta(body, appSecret) }, body })
      expect(hook.status).toBe(200)
      await t.settle() // the photo, fetched from the stand-in after the answer

      const operator = await t.addUser('operator')
      const page = await (await chromium.newContext({ javaScript })).newPage()
      const problems = await watchProblems(page)
      await signIn(page, t.origin, operator.username, undefined, '/intake')
      const nav = page.getByRole('link', { name: 'Pesan masuk, 1 menunggu' })
      await nav.focus()
      await Promise.all([page.waitForURL(/\/inbox$/), page.keyboard.press('Enter')])
      await expect(page.getByText('Ada ibu tua tidur di emperan toko').count()).resolves.toBe(1)
      await expect(page.getByText('menunggu 2 jam').count()).resolves.toBe(1)
      const thumb = page.getByRole('img', { name: 'Foto dari pelapor' })
      await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64)
      await expect(page.getByRole('link', { name: 'Buka peta (OpenStreetMap)' }).getAttribute('href')).resolves.toBe('https://www.openstreetmap.org/?mlat=-0.02633&mlon=109.34250#map=17/-0.02633/109.34250')

      await page.getByRole('link', { name: /Siti Aminah/ }).focus()
      await Promise.all([page.waitForURL(/\/inbox\/\d+$/), page.keyboard.press('Enter')])
      await expect(page.getByText('+6281234567890').count()).resolves.toBe(1)
      await page.getByRole('link', { name: 'Buat laporan' }).focus()
      await Promise.all([page.waitForURL(/\/inbox\/\d+\/case$/), page.keyboard.press('Enter')])

      // The form arrives filled from the messages; the operator adds the rest, Tab by Tab.
      expect(await field(page, 'Nomor HP pelapor').inputValue()).toBe('+6281234567890')
      expect(await field(page, 'Nama pelapor').inputValue()).toBe('Siti Aminah')
      expect(await field(page, 'Uraian').inputValue()).toBe('Ada ibu tua tidur di emperan toko, sudah dua hari.\nIni orangnya')
      expect(await field(page, 'Patokan').inputValue()).toBe('Masjid Raya Mujahidin, Jl. Jenderal Ahmad Yani, Pontianak; titik WhatsApp -0.02633, 109.34250')
      const kelurahanSteps = javaScript ? { label: 'Cari kelurahan', type: 'benua' } : { label: 'Cari kelurahan' }
      const steps: { label: string; type?: string; keys?: string[] }[] = [
        { label: 'Nama pelapor' },
        { label: 'Nomor HP pelapor' },
        { label: 'Hubungan dengan orang yang dilaporkan', keys: ['ArrowDown', 'ArrowDown', 'ArrowDown'] }, // Tetangga / warga
        { label: 'Nama atau ciri-ciri', type: 'Ibu tua di emperan toko' },
        { label: 'NIK (bila ada)' },
        { label: 'Kelompok umur', keys: ['ArrowUp'] }, // Lansia
        { label: 'Jenis kelamin', keys: ['ArrowUp'] }, // Perempuan
        { label: 'Perkiraan umur (tahun)' },
        { label: 'Identitas belum diketahui', keys: ['Space'] },
        { label: 'Ciri-ciri (pakaian, rambut, tanda lahir, bekas luka, cara bicara)' },
        kelurahanSteps,
        { label: 'Kelurahan', keys: ['ArrowDown'] },
        { label: 'Alamat / lokasi' },
        { label: 'RT' },
        { label: 'RW' },
        { label: 'Patokan' },
        { label: 'Kategori', keys: ['ArrowDown'] },
        { label: 'Urgensi' },
        { label: 'Status DTKS' },
        { label: 'Uraian' },
      ]
      for (const [i, step] of steps.entries()) {
        if (i > 0) await page.keyboard.press('Tab')
        expect(await focused(page, step.label), `focus is on "${step.label}"`).toBe(true)
        if (step.type) await page.keyboard.type(step.type)
        for (const key of step.keys ?? []) await page.keyboard.press(key)
        if (step === kelurahanSteps && javaScript) await expect.poll(async () => (await field(page, 'Kelurahan').locator('option').count()) < 10).toBe(true)
      }
      await page.keyboard.press('Tab')
      expect(await page.getByRole('button', { name: 'Simpan laporan' }).evaluate((el) => el === document.activeElement)).toBe(true)
      const saved = page.waitForResponse((res) => res.request().method() === 'POST')
      await Promise.all([page.waitForURL(/\/cases\/\d+\?baru=1$/), page.keyboard.press('Enter')])
      expect((await saved).status()).toBe(303)

      const [kase, ...more] = await t.db.select().from(cases)
      expect(more).toHaveLength(0)
      expect(kase).toMatchObject({ channel: 'whatsapp', reporterPhone: '+6281234567890', personName: 'Ibu tua di emperan toko', receivedAt: sentAt * 1000, dueAt: sentAt * 1000 + 24 * 3600_000 })
      const photos = await t.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase!.id))
      expect(photos).toHaveLength(1)
      expect((await t.db.select().from(waConversations))[0]).toMatchObject({ status: 'kasus', caseId: kase!.id })
      // The case page shows the photo the reporter sent, and the channel.
      const shown = page.locator(`img[src="/cases/${kase!.id}/photos/${photos[0]!.id}"]`)
      await shown.scrollIntoViewIfNeeded()
      await expect.poll(() => shown.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(64)
      await expect(page.getByText('WhatsApp').count()).resolves.toBeGreaterThan(0)
      expect(problems).toEqual([])
    })
  }
})
