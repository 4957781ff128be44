// Reports by WhatsApp on the Worker (issue 21): the built Worker in workerd takes a signed delivery,
// stores the conversation in sqld before answering, and fetches the photo after it (waitUntil)
// from the Graph API stand-in into R2; an operator then makes a case of it there, with the photo.
import { asc, eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { casePhotos, cases, waConversations, waMessages } from '../../worker/db/schema'
import { cameraJpeg } from '../support/camera-photo'
import { startGraphApi } from '../support/graph-api'
import { change, delivery, imageMessage, signMeta, textMessage } from '../support/whatsapp-payloads'
import { completedCaseForm } from '../support/wa-inbox'
import { addWorkerUser, sendToWorker, signInOnWorker, startWorker, workerConfig } from '../support/worker'

const appSecret = 'worker-meta-app-secret'

describe('WhatsApp webhook on the Worker', () => {
  it('stores a signed text and photo as one conversation and the photo in R2 after answering', { timeout: 120_000 }, async () => {
    const graph = await startGraphApi('wa-worker-token')
    const w = await startWorker({
      photos: true,
      env: { SIGAP_WHATSAPP_TOKEN: 'wa-worker-token', SIGAP_WHATSAPP_PHONE_ID: '106540352242922', SIGAP_WHATSAPP_API_URL: graph.url, SIGAP_WHATSAPP_APP_SECRET: appSecret, SIGAP_WHATSAPP_VERIFY_TOKEN: 'worker-verify-token-0123456789' },
    })
    try {
      const photo = cameraJpeg(48, 32)
      graph.addMedia('5550001', photo, 'image/jpeg')
      const from = '6281234567890'
      const body = delivery([change({ name: 'Siti Aminah', waId: from }, [textMessage(from, 'wamid.w1', 1795485500, 'Ada lansia terlantar di halte'), imageMessage(from, 'wamid.w2', 1795485510, '5550001', 'Ini fotonya')])])
      const post = (signature: string) => w.mf.dispatchFetch(`${workerConfig.origin}/whatsapp`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature }, body })
      expect((await post(signMeta(body, 'wrong-secret'))).status).toBe(401)
      expect(await w.db.select().from(waMessages)).toEqual([])
      const res = await post(signMeta(body, appSecret))
      expect(res.status).toBe(200)
      expect(await w.db.select({ sender: waConversations.sender, profileName: waConversations.profileName, status: waConversations.status }).from(waConversations)).toEqual([{ sender: from, profileName: 'Siti Aminah', status: 'baru' }])
      // The fetch runs in waitUntil after the answer: wait for the row it writes last.
      const stored = await vi.waitFor(
        async () => {
          const rows = await w.db.select().from(waMessages).orderBy(asc(waMessages.id))
          expect(rows[1]!.mediaStatus).toBe('tersimpan')
          return rows
        },
        { timeout: 60_000, interval: 100 },
      )
      expect(stored.map((m) => [m.wamid, m.kind, m.body, m.conversationId])).toEqual([['wamid.w1', 'text', 'Ada lansia terlantar di halte', 1], ['wamid.w2', 'image', 'Ini fotonya', 1]])
      const object = await (await w.mf.getR2Bucket('PHOTOS')).get(stored[1]!.mediaKey!)
      expect(object?.httpMetadata?.contentType).toBe('image/jpeg')
      const bytes = new Uint8Array(await object!.arrayBuffer())
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
      expect(graph.received.map((r) => [r.path, r.headers.authorization])).toEqual([['/5550001', 'Bearer wa-worker-token'], ['/media-download/5550001', 'Bearer wa-worker-token']])

      // The desk on the Worker: Pesan masuk lists it, the photo comes from R2, and "Buat kasus" makes the case with it.
      const operator = await addWorkerUser(w.db, 'operator')
      const cookie = await signInOnWorker(w, operator.username)
      const inbox = await sendToWorker(w, '/inbox', { cookie })
      expect(inbox.status).toBe(200)
      expect(await inbox.text()).toContain('Ada lansia terlantar di halte')
      const media = await sendToWorker(w, `/inbox/1/media/${stored[1]!.id}`, { cookie })
      expect([media.status, media.headers.get('Content-Type'), media.headers.get('Cache-Control')]).toEqual([200, 'image/jpeg', 'private, no-store'])
      expect(new Uint8Array(await media.arrayBuffer())).toEqual(bytes)
      // No place was shared: the operator types the address the caller gave.
      const form = { ...(await completedCaseForm(w.db, await (await sendToWorker(w, '/inbox/1/case', { cookie })).text())), address: 'Halte Jl. Gajah Mada' }
      const made = await sendToWorker(w, '/inbox/1/case', { cookie, form })
      expect(made.status).toBe(303)
      const [kase] = await w.db.select().from(cases)
      expect(made.headers.get('Location')).toBe(`/cases/${kase!.id}?baru=1`)
      expect(kase).toMatchObject({ channel: 'whatsapp', reporterPhone: '+6281234567890', reporterName: 'Siti Aminah' })
      expect(await w.db.select({ status: waConversations.status, caseId: waConversations.caseId }).from(waConversations)).toEqual([{ status: 'kasus', caseId: kase!.id }])
      const [attached] = await w.db.select().from(casePhotos).where(eq(casePhotos.caseId, kase!.id))
      expect(attached).toMatchObject({ contentType: 'image/jpeg', size: bytes.length, storageKey: stored[1]!.mediaKey })
    } finally {
      await w.dispose()
    }
  })
})
