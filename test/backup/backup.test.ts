// Issue 26: backups made while Sigap serves, restored into a fresh server; damaged backups refused;
// the rotation; encryption; the copy off the machine; the daily run inside the Node process.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { backupAndRotate, makeBackup, pruneBackups, readManifest, restoreBackup } from '../../worker/backup/backup'
import { fileSha256 } from '../../worker/backup/crypt'
import { copyDatabase } from '../../worker/backup/copy'
import { uploadBackup } from '../../worker/backup/offsite'
import { readConfig } from '../../worker/config'
import { openFileDb } from '../../worker/db/open-file'
import { readBackupStatus, recordBackupOutcome } from '../../worker/db/queries/backups'
import { alerts, casePhotos, cases, categories, users, waConversations, waMessages } from '../../worker/db/schema'
import { randomToken } from '../../worker/security/tokens'
import { createTestApp, validReport } from '../support/app'
import { formPoster, freePort, startNodeServer } from '../support/node-server'
import { startSqld } from '../../scripts/sqld'
import { startS3StandIn } from '../support/s3-server'
import { createClient } from '@libsql/client'

const dir = mkdtempSync(join(tmpdir(), 'sigap-backup-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const demoPassword = 'kata-sandi-demo-123'
const day = 86_400_000
const zone = 'Asia/Pontianak'

/** A test app with one case and one visit photo (row and file), as the handling routes leave them. */
async function appWithPhoto() {
  const t = await createTestApp()
  const operator = await t.addUser('operator')
  const [category] = await t.db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'lansia-terlantar'))
  const res = await t.request('/intake', { cookie: await t.cookieFor(operator), form: validReport({ category: String(category!.id), reporter_name: 'Pelapor Rahasia Sekali' }) })
  expect(res.status).toBe(303)
  const [kase] = await t.db.select({ id: cases.id }).from(cases)
  const key = `cases/${kase!.id}/${randomToken().slice(0, 24)}.jpg`
  const bytes = Buffer.from(`foto kunjungan ${key}`)
  await mkdir(join(t.photoDir, 'cases', String(kase!.id)), { recursive: true })
  await writeFile(join(t.photoDir, key), bytes)
  await t.db.insert(casePhotos).values({ caseId: kase!.id, storageKey: key, contentType: 'image/jpeg', size: bytes.length, uploadedAt: t.clock.now() })
  await t.db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  return { ...t, photoKey: key, photoBytes: bytes, caseId: kase!.id }
}

describe('a backup made while Sigap serves', () => {
  it('holds every report acknowledged before it started and restores into a fresh server', async () => {
    const port = await freePort()
    const dbFile = join(dir, 'live.db')
    const photosDir = join(dir, 'live-photos')
    const env = { DATABASE_URL: `file:${dbFile}`, SIGAP_DEMO_PASSWORD: demoPassword, SIGAP_PHOTOS_DIR: photosDir }
    let server = await startNodeServer(port, env)
    const post = formPoster(port)
    const cookie = (await post('/login', { username: 'operator', password: demoPassword })).headers.getSetCookie()[0]!.split(';')[0]!
    const reader = await openFileDb(`file:${dbFile}`)
    const [category] = await reader.select({ id: categories.id }).from(categories).where(eq(categories.code, 'lansia-terlantar'))

    const acknowledged: string[] = []
    const unexpected: string[] = []
    let refusedForNow = 0
    let writing = true
    const writer = async () => {
      while (writing) {
        const form = validReport({ idem: randomToken(), category: String(category!.id) })
        // A 503 gives the operator the form back to send again, which files it once (SECURITY.md B7):
        // sent again here with the same key until acknowledged. Anything else is reported with its text.
        for (let res = await post('/intake', form, cookie); res.status !== 303; res = await post('/intake', form, cookie)) {
          const text = (await res.text()).slice(0, 200)
          if (res.status !== 503) unexpected.push(`${res.status}: ${text}`)
          if (res.status !== 503 || ++refusedForNow > 50) return
        }
        acknowledged.push(form.idem!)
      }
    }
    const writers = [writer(), writer()]
    while (acknowledged.length < 20 && unexpected.length === 0) await new Promise((resolve) => setImmediate(resolve))
    const beforeBackup = [...acknowledged]

    // `npm run backup` as an admin runs it, a separate process beside the serving one.
    const backups = join(dir, 'backups-live')
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', '--to', backups], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const [code] = await once(child, 'exit')
    const duringBackup = acknowledged.length - beforeBackup.length
    writing = false
    await Promise.all(writers)
    expect(unexpected).toEqual([])
    expect(code, output).toBe(0)
    expect(output).toMatch(/integrity ok/)
    console.info(`backup test: ${beforeBackup.length} reports before the backup, ${duringBackup} acknowledged while it ran, ${refusedForNow} answered 503 and sent again`)
    server.kill('SIGTERM')
    await once(server, 'exit')
    // The admin home reads the last good backup from the database the backup recorded it in.
    expect((await readBackupStatus(reader)).okName).toMatch(/^sigap-/)
    reader.$client.close()

    const [name] = readdirSync(backups)
    const restoredFile = join(dir, 'restored.db')
    await restoreBackup({ from: join(backups, name!), databasePath: restoredFile, photosDir: join(dir, 'restored-photos') })
    const restored = await openFileDb(`file:${restoredFile}`)
    const integrity = await restored.$client.execute('PRAGMA integrity_check')
    expect(integrity.rows.map((r) => r[0])).toEqual(['ok'])
    const keys = new Set((await restored.select({ idem: cases.idempotencyKey }).from(cases)).map((r) => r.idem))
    expect(beforeBackup.filter((idem) => !keys.has(idem))).toEqual([])
    const [one] = await restored.select({ id: cases.id, ticket: cases.ticket }).from(cases).where(eq(cases.idempotencyKey, beforeBackup[0]!))
    restored.$client.close()

    // A fresh server on the restored file serves the case to the operator.
    server = await startNodeServer(port, { ...env, DATABASE_URL: `file:${restoredFile}` })
    try {
      const again = (await post('/login', { username: 'operator', password: demoPassword })).headers.getSetCookie()[0]!.split(';')[0]!
      const page = await fetch(`http://127.0.0.1:${port}/cases/${one!.id}`, { headers: { Cookie: again } })
      expect(page.status).toBe(200)
      expect(await page.text()).toContain(one!.ticket)
    } finally {
      server.kill('SIGTERM')
      await once(server, 'exit')
    }
  }, 120_000)
})

describe('restore', () => {
  it('puts the database and the photos back byte for byte, and refuses to overwrite without --force', async () => {
    const t = await appWithPhoto()
    const { path } = await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: join(dir, 'plain'), now: t.clock.now() })
    const target = join(dir, 'restore-plain', 'sigap.db')
    const photos = join(dir, 'restore-plain', 'photos')
    const manifest = await restoreBackup({ from: path, databasePath: target, photosDir: photos })
    expect(manifest.photos.files.map((f) => f.key)).toEqual([t.photoKey])
    expect(readFileSync(join(photos, t.photoKey))).toEqual(t.photoBytes)
    await expect(restoreBackup({ from: path, databasePath: target, photosDir: photos })).rejects.toThrow(/exists: stop Sigap, then pass --force/)
    await expect(restoreBackup({ from: path, databasePath: target, photosDir: photos, force: true })).resolves.toMatchObject({ name: manifest.name })
  })

  it('keeps the photos and voice notes reporters sent by WhatsApp with the visit photos', async () => {
    const t = await appWithPhoto()
    const [conversation] = await t.db.insert(waConversations).values({ sender: '6281234567890', firstMessageAt: t.clock.now(), lastInboundAt: t.clock.now(), createdAt: t.clock.now() }).returning()
    const key = `whatsapp/1/${randomToken().slice(0, 24)}.ogg`
    const voice = Buffer.from('OggS pesan suara')
    await t.photos.put(key, voice, 'audio/ogg')
    await t.db.insert(waMessages).values({ wamid: 'wamid.backup', conversationId: conversation!.id, sender: '6281234567890', kind: 'audio', mediaId: '1', mediaKey: key, mediaMime: 'audio/ogg', mediaStatus: 'tersimpan', sentAt: t.clock.now(), receivedAt: t.clock.now() })
    await t.db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    const { path } = await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: join(dir, 'whatsapp'), now: t.clock.now() })
    const photos = join(dir, 'restore-whatsapp', 'photos')
    const manifest = await restoreBackup({ from: path, databasePath: join(dir, 'restore-whatsapp', 'sigap.db'), photosDir: photos })
    expect(manifest.photos.files.map((f) => f.key)).toEqual([t.photoKey, key])
    expect(readFileSync(join(photos, key))).toEqual(voice)
  })

  it('backs up a WhatsApp photo that became a case photo once, night after night', async () => {
    const t = await appWithPhoto()
    const [kase] = await t.db.select({ id: cases.id }).from(cases)
    const [conversation] = await t.db.insert(waConversations).values({ sender: '6281234567890', status: 'kasus', caseId: kase!.id, firstMessageAt: t.clock.now(), lastInboundAt: t.clock.now(), createdAt: t.clock.now() }).returning()
    const key = `whatsapp/1/${randomToken().slice(0, 24)}.jpg`
    await t.photos.put(key, Buffer.from('foto pelapor'), 'image/jpeg')
    await t.db.insert(waMessages).values({ wamid: 'wamid.shared', conversationId: conversation!.id, sender: '6281234567890', kind: 'image', mediaId: '1', mediaKey: key, mediaMime: 'image/jpeg', mediaStatus: 'tersimpan', sentAt: t.clock.now(), receivedAt: t.clock.now() })
    await t.db.insert(casePhotos).values({ caseId: kase!.id, storageKey: key, contentType: 'image/jpeg', size: 12, uploadedAt: t.clock.now() })
    await t.db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    const folder = join(dir, 'shared-photo')
    await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: folder, now: t.clock.now() })
    // The second night hard-links from the first: a key listed twice would link onto itself.
    const { path } = await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: folder, now: t.clock.now() + day })
    expect((await readManifest(path)).photos.files.map((f) => f.key)).toEqual([t.photoKey, key])
  })

  it('refuses a damaged backup before touching the live database', async () => {
    const t = await appWithPhoto()
    const { path, manifest } = await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: join(dir, 'damaged'), now: t.clock.now() })
    const file = join(path, manifest.database.file)
    const target = join(dir, 'restore-damaged.db')
    writeFileSync(target, 'the live database')

    // A flipped byte: the file no longer matches its manifest.
    const bytes = readFileSync(file)
    bytes[bytes.length >> 1] ^= 0xff
    writeFileSync(file, bytes)
    await expect(restoreBackup({ from: path, databasePath: target, force: true })).rejects.toThrow(/does not match its manifest: the backup is damaged/)

    // Damage that a manifest written afterwards would hide: SQLite's own check refuses it.
    const pageSize = 4096
    bytes.fill(0x5a, pageSize * 2, pageSize * 6)
    writeFileSync(file, bytes)
    writeFileSync(join(path, 'manifest.json'), JSON.stringify({ ...manifest, database: { ...manifest.database, sha256: await fileSha256(file) } }))
    await expect(restoreBackup({ from: path, databasePath: target, force: true })).rejects.toThrow(/integrity_check failed|malformed|not a database/)
    expect(readFileSync(target, 'utf8')).toBe('the live database')
    expect(existsSync(`${target}.restoring`)).toBe(false)
  })

  it('encrypts every file with SIGAP_BACKUP_KEY and refuses the wrong key', async () => {
    const t = await appWithPhoto()
    const key = 'kunci-cadangan-yang-panjang-dan-acak-0123456789'
    const { path, manifest } = await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: join(dir, 'encrypted'), now: t.clock.now(), key })
    const stored = readFileSync(join(path, manifest.database.file))
    expect(manifest.database).toMatchObject({ file: 'sigap.db.enc', encrypted: true })
    expect(stored.includes('SQLite format 3')).toBe(false)
    expect(stored.includes('Pelapor Rahasia Sekali')).toBe(false)
    expect(readFileSync(join(path, manifest.photos.files[0]!.file)).includes(t.photoBytes)).toBe(false)
    const target = join(dir, 'restore-encrypted.db')
    await expect(restoreBackup({ from: path, databasePath: target })).rejects.toThrow(/encrypted: set SIGAP_BACKUP_KEY/)
    await expect(restoreBackup({ from: path, databasePath: target, key: `${key}x` })).rejects.toThrow(/does not decrypt/)
    expect(existsSync(target)).toBe(false)
    const photos = join(dir, 'restore-encrypted-photos')
    await restoreBackup({ from: path, databasePath: target, photosDir: photos, key })
    expect(readFileSync(join(photos, t.photoKey))).toEqual(t.photoBytes)
    const restored = await openFileDb(`file:${target}`)
    expect((await restored.select({ name: cases.reporterName }).from(cases))[0]!.name).toBe('Pelapor Rahasia Sekali')
    restored.$client.close()
  })
})

describe('rotation', () => {
  it('keeps 7 daily and 4 weekly copies as the days pass, sharing unchanged photo files between them', async () => {
    const t = await appWithPhoto()
    const folder = join(dir, 'rotation')
    const start = Date.parse('2026-10-01T19:00:00Z') // 02:00 WIB, 2 October 2026
    for (let d = 0; d < 40; d++) {
      await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: folder, now: start + d * day })
      await pruneBackups(folder, zone, { daily: 7, weekly: 4 })
    }
    // 40 nightly backups from 2 October to 10 November 2026 (local dates; a Tuesday): 4–10 November
    // daily, and the newest of each of the last 4 weeks: this one and the one before are in the
    // dailies already, then Sundays 1 November and 25 October.
    expect(readdirSync(folder).sort()).toEqual([
      'sigap-2026-10-24T19-00-00Z',
      'sigap-2026-10-31T19-00-00Z',
      ...[3, 4, 5, 6, 7, 8, 9].map((d) => `sigap-2026-11-0${d}T19-00-00Z`),
    ])
    const newest = join(folder, 'sigap-2026-11-09T19-00-00Z')
    expect(statSync(join(newest, 'photos', t.photoKey)).nlink).toBe(9)
  })
})

describe('the copy off the machine', () => {
  it('uploads each backup to S3-compatible storage with signed requests, photos once', async () => {
    const credentials = { accessKeyId: 'SIGAPTEST', secretAccessKey: 'rahasia-s3-uji' }
    const s3 = await startS3StandIn(credentials)
    try {
      const t = await appWithPhoto()
      const offsite = { url: `${s3.url}/dinsos-cadangan/sigap`, region: 'ap-southeast-3', ...credentials }
      const folder = join(dir, 'offsite')
      const first = await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: folder, now: t.clock.now() })
      expect(await uploadBackup(offsite, first.path, first.manifest)).toMatchObject({ files: 3 })
      const stored = s3.objects.get(`/dinsos-cadangan/sigap/${first.manifest.name}/sigap.db`)!
      expect(stored.equals(readFileSync(join(first.path, 'sigap.db')))).toBe(true)
      expect(s3.objects.get(`/dinsos-cadangan/sigap/photos/${t.photoKey}`)).toEqual(t.photoBytes)
      expect(JSON.parse(s3.objects.get(`/dinsos-cadangan/sigap/${first.manifest.name}/manifest.json`)!.toString()).name).toBe(first.manifest.name)

      // The next day only the database and its manifest travel: the photo is already there.
      const second = await makeBackup({ databaseUrl: `file:${t.path}`, photosDir: t.photoDir, dir: folder, now: t.clock.now() + day })
      expect(await uploadBackup(offsite, second.path, second.manifest)).toMatchObject({ files: 2 })
      expect(s3.refused).toEqual([])

      await expect(uploadBackup({ ...offsite, secretAccessKey: 'salah' }, second.path, second.manifest)).rejects.toThrow(/HTTP 403/)
      expect(s3.refused).toEqual(['SignatureDoesNotMatch'])
    } finally {
      await s3.close()
    }
  })
})

describe('backup outcomes', () => {
  it('alerts every active admin once a day when a backup fails, and remembers the last good one', async () => {
    const t = await createTestApp()
    const admins = [await t.addUser('admin'), await t.addUser('admin')]
    await t.addUser('admin', { active: false })
    const now = t.clock.now()
    await recordBackupOutcome(t.db, { ok: true, name: 'sigap-2026-11-24T02-00-00Z', bytes: 1234 }, now - day)
    await recordBackupOutcome(t.db, { ok: false, error: 'ENOSPC: no space left on device' }, now)
    await recordBackupOutcome(t.db, { ok: false, error: 'ENOSPC: no space left on device' }, now + 3_600_000)
    const sent = await t.db.select({ userId: alerts.userId, note: alerts.note }).from(alerts).where(eq(alerts.kind, 'gagal_cadangan'))
    expect(sent.map((a) => a.userId).sort()).toEqual(admins.map((a) => a.id).sort())
    expect(sent[0]!.note).toBe('Pencadangan basis data gagal: ENOSPC: no space left on device')
    expect(await readBackupStatus(t.db)).toMatchObject({ okAt: now - day, okName: 'sigap-2026-11-24T02-00-00Z', triedAt: now + 3_600_000, error: 'ENOSPC: no space left on device' })
  })

  it('a run into a folder that cannot be written fails with a clear message and leaves no partial backup', async () => {
    const t = await appWithPhoto()
    const blocked = join(dir, 'not-a-folder')
    writeFileSync(blocked, '')
    const config = readConfig({ SIGAP_BACKUP_DIR: blocked }, 'node')
    await expect(backupAndRotate(config, { databaseUrl: `file:${t.path}`, photosDir: t.photoDir }, blocked, t.clock.now())).rejects.toThrow(/ENOTDIR|EEXIST/)
    expect(readFileSync(blocked, 'utf8')).toBe('')
  })
})

describe('the daily backup inside the Node process', () => {
  it('runs at start when the day has none yet, in a child process, and records it', async () => {
    const port = await freePort()
    const dbFile = join(dir, 'scheduled.db')
    const backups = join(dir, 'backups-scheduled')
    const server = await startNodeServer(port, { DATABASE_URL: `file:${dbFile}`, SIGAP_DEMO_PASSWORD: demoPassword, SIGAP_PHOTOS_DIR: join(dir, 'scheduled-photos'), SIGAP_BACKUP_DIR: backups, SIGAP_BACKUP_HOUR: '0' })
    const db = await openFileDb(`file:${dbFile}`)
    try {
      // Bounded by the event, not a margin: the status row says when the child has finished.
      let status = await readBackupStatus(db)
      for (let i = 0; i < 600 && status.okAt === null && status.error === null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        status = await readBackupStatus(db)
      }
      expect(status.error).toBeNull()
      const manifest = await readManifest(join(backups, status.okName!))
      expect(manifest.counts.users).toBeGreaterThan(0)
      expect(manifest.database.bytes).toBe(status.okBytes)
      // The server kept serving meanwhile.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
      const failures = await db.select().from(alerts).where(and(eq(alerts.kind, 'gagal_cadangan')))
      expect(failures).toEqual([])
    } finally {
      db.$client.close()
      server.kill('SIGTERM')
      await once(server, 'exit')
    }
  }, 90_000)
})

describe('a backup of a Worker deployment (libSQL server)', () => {
  it('copies the rows into a checked local file and lists the R2 photo keys in the manifest', async () => {
    const t = await appWithPhoto()
    const server = await startSqld({ dbPath: join(dir, 'worker-sqld') })
    const source = createClient({ url: `file:${t.path}` })
    const remote = createClient({ url: server.url })
    try {
      await copyDatabase(source, remote, { targetRuntime: 'worker' })
      const { path, manifest } = await makeBackup({ databaseUrl: server.url, dir: join(dir, 'worker-backups'), now: t.clock.now() })
      expect(manifest.photos).toEqual({ store: 'r2', keys: [t.photoKey], files: [], missing: [] })
      expect(manifest.counts.cases).toBe(1)
      const restored = join(dir, 'worker-restored.db')
      await restoreBackup({ from: path, databasePath: restored })
      const copy = createClient({ url: `file:${restored}` })
      expect((await copy.execute('SELECT count(*) AS n FROM case_rollups')).rows[0]!.n).toBe((await source.execute('SELECT count(*) AS n FROM case_rollups')).rows[0]!.n)
      copy.close()
    } finally {
      source.close()
      remote.close()
      await server.close()
    }
  }, 60_000)
})

describe('moving a deployment between Node and the Worker (npm run db:copy)', () => {
  it('copies every table to a libSQL server and back, the same rows, and lists accounts the Worker cannot verify', async () => {
    const t = await appWithPhoto()
    // A password hashed on Node at OWASP's 600,000 iterations: a Worker refuses to verify it.
    await t.db.insert(users).values({ username: 'lurah-node', displayName: 'Hash dari Node', role: 'supervisor', passwordHash: 'pbkdf2-sha256$600000$c2FsdA==$aGFzaA==', createdAt: t.clock.now() })
    const server = await startSqld({ dbPath: join(dir, 'server-sqld') })
    const source = createClient({ url: `file:${t.path}` })
    const remote = createClient({ url: server.url })
    const back = createClient({ url: `file:${join(dir, 'back.db')}` })
    try {
      const there = await copyDatabase(source, remote, { targetRuntime: 'worker' })
      expect(there.resetNeeded).toEqual(['lurah-node'])
      expect(there.tables).toBeGreaterThan(30)
      const home = await copyDatabase(remote, back, { targetRuntime: 'node' })
      expect(home).toMatchObject({ rows: there.rows, resetNeeded: [] })
      // Row for row, rollups (which triggers also write while cases are copied) included.
      for (const table of ['cases', 'case_events', 'audit_log', 'case_rollups', 'users', 'kelurahan', 'case_photos']) {
        const [a, b] = await Promise.all([source, back].map((db) => db.execute(`SELECT * FROM ${table} ORDER BY rowid`)))
        expect(b!.rows.map((r) => Object.values(r)), table).toEqual(a!.rows.map((r) => Object.values(r)))
      }
      await expect(copyDatabase(source, back, { targetRuntime: 'node' })).rejects.toThrow(/already holds users or cases/)
    } finally {
      source.close()
      remote.close()
      back.close()
      await server.close()
    }
  }, 60_000)
})
