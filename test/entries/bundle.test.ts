import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { buildWorker, wranglerCompatibilityDate } from '../support/worker'

describe('Worker bundle', () => {
  it('builds with wrangler deploy --dry-run within a 1 MiB gzip budget', async () => {
    const { script, output } = await buildWorker()
    expect(output).toContain('--dry-run: exiting now.')
    const code = readFileSync(script)
    const gzipped = gzipSync(code).length
    console.log(`Worker bundle: ${(code.length / 1024).toFixed(1)} KiB, gzip ${(gzipped / 1024).toFixed(1)} KiB`)
    expect(gzipped).toBeLessThan(1024 * 1024)
  })

  it('carries none of the Node-only code: migrations, seeding, the embedded libSQL driver', async () => {
    const code = readFileSync((await buildWorker()).script, 'utf8')
    expect(code).not.toMatch(/idn-area-data|migrateDb|loadDemoUsers|@libsql\/linux|libsql\.node/)
  })

  it('targets a compatibility date the pinned workerd supports (up to 2026-08-06)', () => {
    expect(wranglerCompatibilityDate() <= '2026-08-06').toBe(true)
  })
})
