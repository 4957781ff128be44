// Node only: a copy of each backup off the machine, in S3-compatible storage (AWS S3, Cloudflare R2,
// MinIO, a provider in Indonesia), so a dead disk or an encrypted server loses nothing.
import { AwsClient } from 'aws4fetch'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { join } from 'node:path'
import type { BackupConfig } from '../config'
import type { Manifest } from '../domain/backups'
import { fileSha256 } from './crypt'

type Offsite = NonNullable<BackupConfig['offsite']>

/**
 * Uploads a backup: its database file and manifest under `<name>/`, and each photo under `photos/`
 * unless the bucket already has it (photo files never change, so a day's upload is the new ones).
 * The manifest goes last: a backup in the bucket without one was cut short.
 */
export async function uploadBackup(offsite: Offsite, path: string, manifest: Manifest, fetchFn: typeof fetch = fetch): Promise<{ files: number; bytes: number }> {
  const aws = new AwsClient({ accessKeyId: offsite.accessKeyId, secretAccessKey: offsite.secretAccessKey, service: 's3', region: offsite.region })
  const url = (key: string) => `${offsite.url}/${key.split('/').map(encodeURIComponent).join('/')}`
  let files = 0
  let bytes = 0
  const put = async (key: string, file: string, sha256?: string) => {
    const { size } = await stat(file)
    // A declared SHA-256 lets the file stream: aws4fetch would otherwise read the whole body to sign it.
    const request = await aws.sign(url(key), {
      method: 'PUT',
      headers: { 'Content-Length': String(size), 'Content-Type': 'application/octet-stream', 'X-Amz-Content-Sha256': sha256 ?? (await fileSha256(file)) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      // @ts-expect-error undici needs duplex for a streamed request body; the DOM types lack it
      duplex: 'half',
    })
    const res = await fetchFn(request)
    if (!res.ok) throw new Error(`upload of ${key} failed: HTTP ${res.status}`)
    await res.body?.cancel()
    files++
    bytes += size
  }
  const exists = async (key: string) => {
    const res = await fetchFn(await aws.sign(url(key), { method: 'HEAD' }))
    if (res.status === 404) return false
    if (!res.ok) throw new Error(`checking ${key} failed: HTTP ${res.status}`)
    return true
  }
  for (const photo of manifest.photos.store === 'folder' ? manifest.photos.files : []) {
    if (!(await exists(photo.file))) await put(photo.file, join(path, photo.file), photo.sha256)
  }
  await put(`${manifest.name}/${manifest.database.file}`, join(path, manifest.database.file), manifest.database.sha256)
  await put(`${manifest.name}/manifest.json`, join(path, 'manifest.json'))
  return { files, bytes }
}
