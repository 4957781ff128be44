import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { buildWorker, wranglerCompatibilityDate } from '../support/worker'

describe('Worker bundle', () => {
  it('builds with wrangler deploy --dry-run within a 1 MiB gzip budget', async () => {
    const { script, output } = await buildWorker()
    expect(output).toContain('--dry-run: exiting now.')
    // The script and the modules wrangler writes beside it (the image codec's .wasm) are all uploaded.
    const modules = [script, ...readdirSync(dirname(script)).filter((f) => f.endsWith('.wasm')).map((f) => join(dirname(script), f))]
    const code = Buffer.concat(modules.map((m) => readFileSync(m)))
    const gzipped = modules.reduce((sum, m) => sum + gzipSync(readFileSync(m)).length, 0)
    console.log(`Worker bundle (${modules.length} modules): ${(code.length / 1024).toFixed(1)} KiB, gzip ${(gzipped / 1024).toFixed(1)} KiB`)
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
