import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import type { Db } from '../../worker/db/client'
import { openFileDb } from '../../worker/db/open-file'
import { prepareDatabase } from '../../worker/db/prepare'
import { testConfig } from './config'

const dir = mkdtempSync(join(tmpdir(), 'sigap-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const templates = new Map<string, Promise<string>>()
let counter = 0

// Migrating and loading the region once per region and test file, then copying the file, keeps
// each test's database fresh and real without paying for idn-area-data every time.
function template(region: string): Promise<string> {
  let path = templates.get(region)
  if (!path) {
    path = (async () => {
      const file = join(dir, `template-${region}.db`)
      const db = await openFileDb(`file:${file}`)
      await prepareDatabase(db, testConfig({ SIGAP_REGION: region }))
      await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
      db.$client.close()
      return file
    })()
    templates.set(region, path)
  }
  return path
}

/** A fresh, migrated libSQL file with the region's reference data; closed after the test file. */
export async function freshDb(region = '61.71'): Promise<{ db: Db; path: string }> {
  const path = join(dir, `db-${++counter}.db`)
  copyFileSync(await template(region), path)
  const db = await openFileDb(`file:${path}`, { groupCommit: true })
  afterAll(() => db.$client.close())
  return { db, path }
}

/** A copy of the migrated, filled template at `dest`, not opened: for a server (sqld) to serve. */
export async function freshDbFile(dest: string, region = '61.71'): Promise<void> {
  copyFileSync(await template(region), dest)
}
