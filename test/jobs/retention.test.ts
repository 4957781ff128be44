import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, casePhotos, cases, waConversations, waMessages } from '../../worker/db/schema'
import { runSweep } from '../../worker/jobs/run'
import { purgeExpired } from '../../worker/jobs/retention'
import { folderPhotoStore } from '../../worker/storage/folder'
import type { PhotoStore } from '../../worker/storage/photo-store'
import { createTestApp, kelurahanA, type TestApp } from '../support/app'
import { fakeJpeg, fileCase, multipart } from '../support/handling'

/** A case in kelurahan A accepted by its facilitator with two photos, through the real action. */
async function caseWithPhotos(t: TestApp, filer: string, facCookie: string) {
  const kase = await fileCase(t, filer)
  const files = [1, 2].map((i) => ({ name: `foto${i}.jpg`, type: 'image/jpeg', bytes: fakeJpeg() }))
  const res = await t.request(`/cases/${kase.id}/accept`, { cookie: facCookie, method: 'POST', body: multipart({ version: String(kase.version), note: 'Sudah dikunjungi.' }, files) })
  expect(res.status).toBe(303)
  return kase
}

async function photosOf(t: TestApp, caseId: number) {
  return t.db.select().from(casePhotos).where(eq(casePhotos.caseId, caseId))
}

const closeAt = (t: TestApp, id: number, at: number) => t.db.update(cases).set({ status: 'ditutup', closedAt: at, resolvedAt: at }).where(eq(cases.id, id))
const ok = async () => new Response('ok')

describe('retention purge of photos', () => {
  it('deletes the photo files and rows of purged cases on the nightly tick, keeping the audit trail and other cases', async () => {
    const t = await createTestApp({ now: '2026-01-10T09:00:00+07:00' })
    const filer = await t.cookieFor(await t.addUser('operator'))
    const facCookie = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanA] }))
    const old = await caseWithPhotos(t, filer, facCookie)
    const recent = await caseWithPhotos(t, filer, facCookie)
    await closeAt(t, old.id, t.clock.now())
    await closeAt(t, recent.id, t.clock.now() + 400 * 86_400_000)
    const oldFiles = (await photosOf(t, old.id)).map((p) => join(t.photoDir, p.storageKey))
    expect(oldFiles).toHaveLength(2)
    expect(oldFiles.every((f) => existsSync(f))).toBe(true)
    const photos = folderPhotoStore(t.photoDir)

    t.clock.set('2031-01-11T01:02:00+07:00') // the purge tick, five years and a day after the first closing
    expect((await runSweep(t.db, t.config, t.clock.now(), ok, photos)).retention).toEqual({ purged: 1 })
    expect(oldFiles.some((f) => existsSync(f))).toBe(false)
    expect(await photosOf(t, old.id)).toHaveLength(0)
    const kept = await photosOf(t, recent.id)
    expect(kept).toHaveLength(2)
    expect(kept.every((p) => existsSync(join(t.photoDir, p.storageKey)))).toBe(true)

    // Audited with case ids and a count; earlier audit rows of the case stay.
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'retention.photos'))
    expect(rows).toHaveLength(1)
    expect(JSON.parse(rows[0]!.detail!)).toEqual({ cases: [old.id], photos: 2 })
    expect((await t.db.select().from(auditLog).where(eq(auditLog.caseId, old.id))).map((a) => a.action)).toContain('case.create')

    // Again: nothing more to delete, no empty audit row.
    await purgeExpired(t.db, t.clock.now(), photos)
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'retention.photos'))).toHaveLength(1)
    expect(await photosOf(t, recent.id)).toHaveLength(2)
  })

  it('finishes the files a failed run left behind on the next run', async () => {
    const t = await createTestApp({ now: '2026-01-10T09:00:00+07:00' })
    const filer = await t.cookieFor(await t.addUser('operator'))
    const facCookie = await t.cookieFor(await t.addUser('fasilitator', { kelurahan: [kelurahanA] }))
    const kase = await caseWithPhotos(t, filer, facCookie)
    await closeAt(t, kase.id, t.clock.now())
    const files = (await photosOf(t, kase.id)).map((p) => join(t.photoDir, p.storageKey))
    const folder = folderPhotoStore(t.photoDir)
    let calls = 0
    // The store fails on its second delete, as an R2 call might.
    const flaky: PhotoStore = { ...folder, delete: async (key) => (++calls === 2 ? Promise.reject(new Error('R2 unavailable')) : folder.delete(key)) }

    t.clock.set('2031-01-11T01:02:00+07:00')
    await expect(purgeExpired(t.db, t.clock.now(), flaky)).rejects.toThrow('R2 unavailable')
    // The personal fields are purged; the photo rows stay until their files are gone.
    expect((await t.db.select().from(cases).where(eq(cases.id, kase.id)))[0]!.purgedAt).toBe(t.clock.now())
    expect(await photosOf(t, kase.id)).toHaveLength(2)

    t.clock.advance({ days: 1 })
    expect(await purgeExpired(t.db, t.clock.now(), folder)).toEqual({ purged: 0 })
    expect(files.some((f) => existsSync(f))).toBe(false)
    expect(await photosOf(t, kase.id)).toHaveLength(0)
  })
})

describe('retention purge of WhatsApp conversations (issue 21)', () => {
  it('removes numbers, names, texts and media of a purged case’s conversations and of long-ago turned-away ones, and nothing else', async () => {
    const t = await createTestApp({ now: '2026-01-10T09:00:00+07:00' })
    const filer = await t.cookieFor(await t.addUser('operator'))
    const old = await fileCase(t, filer)
    const recent = await fileCase(t, filer)
    await closeAt(t, old.id, t.clock.now())
    await closeAt(t, recent.id, t.clock.now() + 400 * 86_400_000)
    const now = t.clock.now()
    const conversation = async (values: Partial<typeof waConversations.$inferInsert>, media: boolean) => {
      const [c] = await t.db.insert(waConversations).values({ sender: '6281234567890', profileName: 'Siti', firstMessageAt: now, lastInboundAt: now, createdAt: now, ...values }).returning()
      const key = `whatsapp/${c!.id}/${'k'.repeat(20)}${c!.id}.jpg`
      if (media) await t.photos.put(key, new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg')
      await t.db.insert(waMessages).values({ wamid: `wamid.${c!.id}`, conversationId: c!.id, sender: '6281234567890', kind: 'location', body: 'di depan pasar', latitude: -0.03, longitude: 109.34, place: 'Pasar', mediaKey: media ? key : null, sentAt: now, receivedAt: now })
      return { id: c!.id, file: join(t.photoDir, key) }
    }
    const ofOldCase = await conversation({ status: 'kasus', caseId: old.id }, true)
    const ofRecentCase = await conversation({ status: 'kasus', caseId: recent.id }, true)
    const turnedAway = await conversation({ status: 'ditolak', handledAt: now, closedReason: 'Bukan urusan Dinsos: Pak Budi 0812' }, true)
    const waiting = await conversation({ status: 'baru' }, false)

    t.clock.set('2031-01-11T01:02:00+07:00')
    expect((await runSweep(t.db, t.config, t.clock.now(), ok, t.photos)).retention).toEqual({ purged: 1 })
    const rows = await t.db.select().from(waConversations).orderBy(waConversations.id)
    const messages = await t.db.select().from(waMessages).orderBy(waMessages.id)
    const purged = { sender: '', profileName: null, closedReason: null, purgedAt: t.clock.now() }
    expect(rows.map((r) => ({ sender: r.sender, profileName: r.profileName, closedReason: r.closedReason, purgedAt: r.purgedAt, status: r.status }))).toEqual([
      { ...purged, status: 'kasus' },
      { sender: '6281234567890', profileName: 'Siti', closedReason: null, purgedAt: null, status: 'kasus' },
      { ...purged, status: 'ditolak' },
      { sender: '6281234567890', profileName: 'Siti', closedReason: null, purgedAt: null, status: 'baru' },
    ])
    expect(messages.map((m) => [m.conversationId, m.sender, m.body, m.latitude, m.place, m.mediaKey === null])).toEqual([
      [ofOldCase.id, '', null, null, null, true],
      [ofRecentCase.id, '6281234567890', 'di depan pasar', -0.03, 'Pasar', false],
      [turnedAway.id, '', null, null, null, true],
      [waiting.id, '6281234567890', 'di depan pasar', -0.03, 'Pasar', true],
    ])
    expect([ofOldCase, ofRecentCase, turnedAway].map((c) => existsSync(c.file))).toEqual([false, true, false])
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'retention.whatsapp'))
    expect(audits.map((a) => JSON.parse(a.detail!).conversations)).toEqual([1])
    // Again: nothing more, no empty audit row.
    await purgeExpired(t.db, t.clock.now(), t.photos)
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'retention.whatsapp'))).toHaveLength(1)
  })
})
