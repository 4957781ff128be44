// Node only: photos in a local folder (data/photos by default). Not imported by the Worker bundle.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { isSafeKey, type PhotoStore } from './photo-store'

const contentTypes: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', ogg: 'audio/ogg', amr: 'audio/amr', m4a: 'audio/mp4', aac: 'audio/aac', mp3: 'audio/mpeg' }

export function folderPhotoStore(root: string): PhotoStore {
  const pathOf = (key: string) => {
    if (!isSafeKey(key)) throw new Error('unsafe photo key')
    return join(root, key)
  }
  return {
    async put(key, bytes) {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      // Write then rename: a crash never leaves half a photo under its final name.
      await writeFile(`${path}.tmp`, bytes)
      await rename(`${path}.tmp`, path)
    },
    async get(key) {
      try {
        const bytes = await readFile(pathOf(key))
        return { bytes: new Uint8Array(bytes), contentType: contentTypes[key.split('.').pop()!]! }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}
