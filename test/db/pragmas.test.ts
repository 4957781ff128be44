import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openFileDb } from '../../worker/db/open-file'

const dir = mkdtempSync(join(tmpdir(), 'sigap-pragmas-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the Node libSQL file', () => {
  it('runs in WAL mode with synchronous=FULL, a busy timeout and foreign keys on', async () => {
    const db = await openFileDb(`file:${join(dir, 'nested', 'sigap.db')}`)
    try {
      const pragma = async (name: string) => (await db.$client.execute(`PRAGMA ${name}`)).rows[0]![0]
      expect(await pragma('journal_mode')).toBe('wal')
      expect(await pragma('synchronous')).toBe(2) // FULL: an acknowledged report survives a power cut
      expect(await pragma('busy_timeout')).toBe(5000)
      expect(await pragma('foreign_keys')).toBe(1)
    } finally {
      db.$client.close()
    }
  })

  it('keeps the pragmas for statements after the first one and inside batches', async () => {
    const db = await openFileDb(`file:${join(dir, 'again.db')}`)
    try {
      await db.$client.execute('CREATE TABLE parent (id INTEGER PRIMARY KEY)')
      await db.$client.execute('CREATE TABLE child (parent_id INTEGER REFERENCES parent(id))')
      await expect(db.$client.batch(['INSERT INTO child VALUES (42)'], 'write')).rejects.toThrow(/FOREIGN KEY/)
      const [synchronous] = await db.$client.batch(['PRAGMA synchronous'], 'read')
      expect(synchronous!.rows[0]![0]).toBe(2)
    } finally {
      db.$client.close()
    }
  })
})
