import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { count, eq, like, not } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../../worker/app'
import { readConfig } from '../../worker/config'
import { startSession } from '../../worker/db/queries/sessions'
import { openFileDb } from '../../worker/db/open-file'
import { prepareDatabase } from '../../worker/db/prepare'
import { cases, categories, kecamatan, kelurahan, users } from '../../worker/db/schema'
import { sessionCookieName } from '../../worker/security/middleware'
import { randomToken, sha256Hex } from '../../worker/security/tokens'
import { fixedClock } from '../support/clock'
import { validReport } from '../support/app'

const dir = mkdtempSync(join(tmpdir(), 'sigap-region-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('another city by configuration', () => {
  it('boots a Banjarbaru deployment from an empty database and takes a report there, shown in WITA', async () => {
    const config = { ...readConfig({ SIGAP_REGION: '63.72', SIGAP_ORIGIN: 'http://localhost', SIGAP_PEPPER: 'uji' }, 'node'), passwordIterations: 1_000 }
    expect(config.zone).toBe('Asia/Makassar')
    const db = await openFileDb(`file:${join(dir, 'banjarbaru.db')}`)
    afterAll(() => db.$client.close())
    await prepareDatabase(db, config)

    // Only Banjarbaru's kecamatan and kelurahan were loaded.
    const areas = await db.select({ code: kecamatan.code }).from(kecamatan)
    expect(areas.length).toBeGreaterThan(0)
    expect(areas.every((a) => a.code.startsWith('63.72.'))).toBe(true)
    const [{ n: outside }] = await db.select({ n: count() }).from(kelurahan).where(not(like(kelurahan.code, '63.72.%')))
    expect(outside).toBe(0)
    const [area] = await db.select().from(kelurahan).orderBy(kelurahan.code).limit(1)

    const clock = fixedClock('2026-11-24T09:00:00+08:00')
    const app = createApp({ db, clock, config, socketAddress: () => '127.0.0.1' })
    const [operator] = await db.insert(users).values({ username: 'operator', displayName: 'Operator', role: 'operator', passwordHash: 'x', createdAt: clock.now() }).returning()
    const token = randomToken()
    await startSession(db, { sessionId: await sha256Hex(token), userId: operator!.id, now: clock.now() })
    const headers = { Origin: config.origin, 'Sec-Fetch-Site': 'same-origin', Cookie: `${sessionCookieName(config)}=${token}` }

    const intake = await (await app.request('/intake', { headers })).text()
    expect(intake).toContain(`value="${area!.code}"`)
    expect(intake).not.toContain('value="61.71.')
    const [category] = await db.select().from(categories).where(eq(categories.code, 'odgj'))
    const form = validReport({ kelurahan: area!.code, category: String(category!.id) })
    const res = await app.request('/intake', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() })
    expect(res.status).toBe(303)
    const [kase] = await db.select().from(cases)
    expect(kase).toMatchObject({ kelurahanCode: area!.code, receivedAt: Date.parse('2026-11-24T09:00:00+08:00') })
    const shown = await (await app.request(res.headers.get('Location')!, { headers })).text()
    expect(shown).toContain(area!.name)
    expect(shown).toContain('24 Nov 2026 09.00 WITA')
    expect(shown).not.toContain('WIB')
  })

  it('hard-codes no region name or code outside configuration defaults and seed data', () => {
    // Names and codes of the four regions the seeds come from. Untracked files count too: new code is checked before its commit.
    const names = /61\.71|63\.72|35\.78|33\.23|Pontianak|Banjarbaru|Surabaya|Temanggung/
    const out = execFileSync('git', ['grep', '--untracked', '-n', '-I', '-E', names.source, '--', 'worker', 'views', 'scripts', ':!worker/generated'], { encoding: 'utf8' }).trim()
    const allowedFiles = [
      /^worker\/config\.ts:/, // the default region, SIGAP_REGION
      /^worker\/domain\/zone\.ts:/, // the official zone table, by province code
      /^worker\/db\/seed(-data)?\.ts:/, // seed data
      /^scripts\/seed-[\w-]+\.ts:/, // demo-data scripts
    ]
    const offending = out
      .split('\n')
      .filter((line) => line && !allowedFiles.some((ok) => ok.test(line)))
      // A comment may cite a seed; an IANA zone name is a zone, not a region.
      .filter((line) => !/^[^:]+:\d+:\s*(\/\/|\*|\/\*\*)/.test(line))
      .filter((line) => names.test(line.replace(/^[^:]+:\d+:/, '').replace(/Asia\/Pontianak/g, '')))
    expect(offending).toEqual([])
  })
})
