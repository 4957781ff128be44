// Node only: one backup of the database and its photos, checked, into a folder named with its time;
// its restore; and the rotation that keeps 7 daily and 4 weekly copies (issue 26).
import { createClient } from '@libsql/client'
import Database from 'libsql'
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Config } from '../config'
import { backupName, backupTimeOf, backupsToKeep, type Manifest, type PhotoEntry, type Retention } from '../domain/backups'
import { isSafeKey } from '../storage/photo-store'
import { copyDatabase } from './copy'
import { decryptFile, encryptFile, fileSha256 } from './crypt'
import { uploadBackup } from './offsite'

export type BackupOptions = {
  /** The live database: a `file:` URL (copied with VACUUM INTO) or a libSQL server / Turso URL. */
  databaseUrl: string
  authToken?: string
  /** Node's photo folder; without it (a Worker deployment) photos are listed, not copied. */
  photosDir?: string
  dir: string
  now: number
  /** SIGAP_BACKUP_KEY: encrypt every file of the backup with it. */
  key?: string
}

const manifestFile = 'manifest.json'

/**
 * Makes one backup under `dir` while the app keeps serving: the database is copied by SQLite itself
 * (VACUUM INTO reads one consistent snapshot; never a file copy of a live database), checked with
 * `PRAGMA integrity_check`, then the photos its rows name. It is built in `<name>.partial` and
 * renamed when complete, so an interrupted run never looks like a backup.
 */
export async function makeBackup(opts: BackupOptions): Promise<{ path: string; manifest: Manifest }> {
  const name = backupName(opts.now)
  const path = join(opts.dir, name)
  const work = `${path}.partial`
  await rm(work, { recursive: true, force: true })
  await mkdir(work, { recursive: true })
  try {
    const plain = join(work, 'sigap.db')
    await snapshot(opts, plain)
    const { counts, photoKeys } = checkDatabase(plain)
    const previous = await latestBackup(opts.dir)
    const photos = opts.photosDir ? await copyPhotos(photoKeys, opts.photosDir, work, previous, opts.key) : { store: 'r2' as const, keys: photoKeys, files: [], missing: [] }
    let file = 'sigap.db'
    if (opts.key) {
      file = 'sigap.db.enc'
      await encryptFile(plain, join(work, file), opts.key)
      await rm(plain)
    }
    const stored = join(work, file)
    const manifest: Manifest = {
      format: 1,
      name,
      createdAt: new Date(opts.now).toISOString(),
      database: { file, bytes: (await stat(stored)).size, sha256: await fileSha256(stored), encrypted: Boolean(opts.key) },
      counts,
      photos,
    }
    await writeFile(join(work, manifestFile), JSON.stringify(manifest, null, 1))
    await rename(work, path)
    return { path, manifest }
  } catch (err) {
    await rm(work, { recursive: true, force: true })
    throw err
  }
}

async function snapshot(opts: BackupOptions, target: string): Promise<void> {
  if (opts.databaseUrl.startsWith('file:')) {
    // Its own connection: the app's keeps writing (WAL), this one reads the snapshot it started with.
    const db = openExisting(opts.databaseUrl.slice('file:'.length).replace(/^\/\/(?=\/)/, ''))
    try {
      db.exec(`VACUUM INTO '${target.replaceAll("'", "''")}'`)
    } finally {
      db.close()
    }
    return
  }
  // A libSQL server or Turso (a Worker deployment): rows are copied into a new file.
  const from = createClient({ url: opts.databaseUrl, authToken: opts.authToken })
  const to = createClient({ url: `file:${target}` })
  try {
    await copyDatabase(from, to, { targetRuntime: 'node' })
  } finally {
    from.close()
    to.close()
  }
}

// The driver creates a missing file on open; a backup or restore of a file that is not there must fail.
function openExisting(path: string): Database.Database {
  if (!existsSync(path)) throw new Error(`${path} does not exist`)
  const db = new Database(path)
  db.exec('PRAGMA busy_timeout = 5000')
  return db
}

/** integrity_check, and what the manifest records of the copy. Throws unless SQLite says "ok". */
function checkDatabase(path: string): { counts: Manifest['counts']; photoKeys: string[] } {
  const db = openExisting(path)
  try {
    const verdict = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]
    if (verdict.length !== 1 || verdict[0]!.integrity_check !== 'ok') {
      throw new Error(`integrity_check failed: ${verdict.slice(0, 3).map((r) => r.integrity_check).join('; ')}`)
    }
    const count = (table: string) => Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n)
    // Visit photos, and what reporters sent by WhatsApp (issue 21): the same store holds both.
    // A reporter's photo that became a case photo (routes/inbox.tsx) is one file under both: listed once.
    const photoKeys = [
      ...new Set(
        (db.prepare("SELECT key FROM (SELECT storage_key AS key, 0 AS part, id FROM case_photos UNION ALL SELECT media_key, 1, id FROM wa_messages WHERE media_key IS NOT NULL) ORDER BY part, id").all() as { key: string }[]).map((r) => r.key),
      ),
    ]
    return { counts: { cases: count('cases'), users: count('users'), auditRows: count('audit_log') }, photoKeys }
  } finally {
    db.close()
  }
}

/**
 * Copies the photos the snapshot's rows name. Photo files never change once written, so a photo
 * already in the previous backup is hard-linked from there: a daily backup costs the new photos only.
 */
async function copyPhotos(keys: string[], photosDir: string, work: string, previous: { path: string; manifest: Manifest } | null, key?: string) {
  const before = new Map(previous?.manifest.photos.store === 'folder' ? previous.manifest.photos.files.map((f) => [f.key, f]) : [])
  const files: PhotoEntry[] = []
  const missing: string[] = []
  for (const photo of keys) {
    if (!isSafeKey(photo)) continue
    const source = join(photosDir, photo)
    const file = join('photos', key ? `${photo}.enc` : photo)
    const target = join(work, file)
    await mkdir(dirname(target), { recursive: true })
    const old = before.get(photo)
    if (old && old.file === file && existsSync(join(previous!.path, file))) {
      await link(join(previous!.path, file), target)
      files.push(old)
      continue
    }
    if (!existsSync(source)) {
      // A photo whose file is gone (a disk error, a purge that stopped midway) is named, not hidden.
      missing.push(photo)
      continue
    }
    if (key) await encryptFile(source, target, key)
    else await copyFile(source, target)
    files.push({ key: photo, bytes: (await stat(target)).size, sha256: await fileSha256(target), file })
  }
  return { store: 'folder' as const, keys, files, missing }
}

async function backupNames(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return []
  return (await readdir(dir)).filter((name) => backupTimeOf(name) !== null && existsSync(join(dir, name, manifestFile)))
}

async function latestBackup(dir: string): Promise<{ path: string; manifest: Manifest } | null> {
  const name = (await backupNames(dir)).sort().pop()
  return name ? { path: join(dir, name), manifest: await readManifest(join(dir, name)) } : null
}

export async function readManifest(path: string): Promise<Manifest> {
  const manifest = JSON.parse(await readFile(join(path, manifestFile), 'utf8')) as Manifest
  if (manifest.format !== 1 || typeof manifest.database?.sha256 !== 'string') throw new Error(`${path} has no Sigap backup manifest`)
  return manifest
}

/** Removes the backups the rotation no longer keeps; returns their names. */
export async function pruneBackups(dir: string, zone: string, keep: Retention): Promise<string[]> {
  const names = await backupNames(dir)
  const kept = backupsToKeep(names.map((n) => backupTimeOf(n)!), zone, keep)
  const removed = names.filter((n) => !kept.has(backupTimeOf(n)!))
  for (const name of removed) await rm(join(dir, name), { recursive: true, force: true })
  return removed
}

export type RestoreOptions = { from: string; databasePath: string; photosDir?: string; key?: string; force?: boolean }

/**
 * Puts a backup back: every file is checked against the manifest, the database copy must pass
 * integrity_check and hold the counts recorded, all before the live file is touched. An existing
 * database is replaced only with `force` (the app must be stopped: its open connection would
 * keep writing to the file that was replaced).
 */
export async function restoreBackup(opts: RestoreOptions): Promise<Manifest> {
  const manifest = await readManifest(opts.from)
  const stored = join(opts.from, manifest.database.file)
  if ((await fileSha256(stored)) !== manifest.database.sha256) throw new Error(`${stored} does not match its manifest: the backup is damaged`)
  if (manifest.database.encrypted && !opts.key) throw new Error('this backup is encrypted: set SIGAP_BACKUP_KEY')
  if (existsSync(opts.databasePath) && !opts.force) throw new Error(`${opts.databasePath} exists: stop Sigap, then pass --force to replace it`)
  await mkdir(dirname(opts.databasePath) || '.', { recursive: true })
  const staged = `${opts.databasePath}.restoring`
  await rm(staged, { force: true })
  try {
    if (manifest.database.encrypted) await decryptFile(stored, staged, opts.key!)
    else await copyFile(stored, staged)
    const { counts } = checkDatabase(staged)
    if (counts.cases !== manifest.counts.cases || counts.users !== manifest.counts.users) throw new Error('the restored database does not hold the counts its manifest recorded')
    for (const photo of manifest.photos.store === 'folder' ? manifest.photos.files : []) {
      if ((await fileSha256(join(opts.from, photo.file))) !== photo.sha256) throw new Error(`photo ${photo.key} does not match its manifest: the backup is damaged`)
    }
  } catch (err) {
    await rm(staged, { force: true })
    throw err
  }
  // A write-ahead log left beside the old file would be replayed into the restored one.
  for (const suffix of ['-wal', '-shm']) await rm(opts.databasePath + suffix, { force: true })
  await rename(staged, opts.databasePath)
  if (opts.photosDir && manifest.photos.store === 'folder') {
    for (const photo of manifest.photos.files) {
      const target = join(opts.photosDir, photo.key)
      await mkdir(dirname(target), { recursive: true })
      if (manifest.database.encrypted) await decryptFile(join(opts.from, photo.file), `${target}.tmp`, opts.key!)
      else await copyFile(join(opts.from, photo.file), `${target}.tmp`)
      await rename(`${target}.tmp`, target)
    }
  }
  return manifest
}

export type BackupRun = { path: string; manifest: Manifest; removed: string[]; uploaded: { files: number; bytes: number } | null }

/** One scheduled or manual backup: make it, rotate the folder, then copy it off the machine. */
export async function backupAndRotate(config: Pick<Config, 'zone' | 'backup'>, source: { databaseUrl: string; authToken?: string; photosDir?: string }, dir: string, now: number): Promise<BackupRun> {
  const { path, manifest } = await makeBackup({ ...source, dir, now, key: config.backup.key ?? undefined })
  const removed = await pruneBackups(dir, config.zone, config.backup.keep)
  const uploaded = config.backup.offsite ? await uploadBackup(config.backup.offsite, path, manifest) : null
  return { path, manifest, removed, uploaded }
}
