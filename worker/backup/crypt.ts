// Node only: optional encryption of backup files with a key from configuration (SIGAP_BACKUP_KEY),
// so a copy that leaves the machine (a USB disk, an S3 bucket) is useless to whoever finds it.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'

// File layout: magic, salt, IV, AES-256-GCM ciphertext, tag. GCM's tag makes a tampered or
// truncated file fail to decrypt instead of restoring garbage.
const magic = Buffer.from('SIGAPBK1')
const saltBytes = 16
const ivBytes = 12
const tagBytes = 16
const headerBytes = magic.length + saltBytes + ivBytes

// The key is a long random string like the pepper, not a memorable password: HKDF suffices, and a
// per-file salt gives every file its own AES key.
const fileKey = (secret: string, salt: Buffer) => Buffer.from(hkdfSync('sha256', secret, salt, 'sigap-backup-v1', 32))

export async function encryptFile(source: string, target: string, secret: string): Promise<void> {
  const salt = randomBytes(saltBytes)
  const iv = randomBytes(ivBytes)
  const cipher = createCipheriv('aes-256-gcm', fileKey(secret, salt), iv)
  const out = createWriteStream(target)
  out.write(Buffer.concat([magic, salt, iv]))
  await pipeline(createReadStream(source), cipher, out, { end: false })
  await new Promise<void>((resolve, reject) => out.end(cipher.getAuthTag(), (err?: Error | null) => (err ? reject(err) : resolve())))
}

export async function decryptFile(source: string, target: string, secret: string): Promise<void> {
  const { size } = await stat(source)
  const handle = await open(source, 'r')
  const head = Buffer.alloc(headerBytes)
  const tag = Buffer.alloc(tagBytes)
  try {
    if (size < headerBytes + tagBytes) throw new Error(`${source} is too short to be an encrypted backup file`)
    await handle.read(head, 0, headerBytes, 0)
    await handle.read(tag, 0, tagBytes, size - tagBytes)
  } finally {
    await handle.close()
  }
  if (!head.subarray(0, magic.length).equals(magic)) throw new Error(`${source} is not an encrypted Sigap backup file`)
  const salt = head.subarray(magic.length, magic.length + saltBytes)
  const iv = head.subarray(magic.length + saltBytes)
  const decipher = createDecipheriv('aes-256-gcm', fileKey(secret, salt), iv).setAuthTag(tag)
  try {
    await pipeline(createReadStream(source, { start: headerBytes, end: size - tagBytes - 1 }), decipher, createWriteStream(target))
  } catch (err) {
    // The only message GCM gives is "Unsupported state or unable to authenticate data".
    throw new Error(`${source} does not decrypt with SIGAP_BACKUP_KEY: wrong key, or the file was changed`, { cause: err })
  }
}

/** SHA-256 of a file, streamed: backups are hundreds of megabytes. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
