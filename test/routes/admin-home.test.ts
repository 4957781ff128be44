import { describe, expect, it } from 'vitest'
import { recordBackupOutcome } from '../../worker/db/queries/backups'
import { defaultRetention } from '../../worker/domain/backups'
import { createTestApp } from '../support/app'
import { decodeEntities } from '../support/html'

const hour = 3_600_000
const text = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ')
const scheduled = { backup: { dir: '/srv/cadangan', hour: 2, keep: defaultRetention, key: null, offsite: null } }

describe('admin home: backups', () => {
  it('says when nothing is scheduled', async () => {
    const t = await createTestApp()
    const res = await t.request('/admin', { cookie: await t.cookieFor(await t.addUser('admin')) })
    expect(res.status).toBe(200)
    expect(text(await res.text())).toContain('Pencadangan terjadwal belum diatur')
  })

  it('shows the last good backup, and warns when last night had none or the last try failed', async () => {
    const t = await createTestApp({ config: scheduled })
    const admin = await t.addUser('admin')
    // A new session each time: the clock moves past the idle timeout between looks.
    const home = async () => text(await (await t.request('/admin', { cookie: await t.cookieFor(admin) })).text())
    expect(await home()).toContain('Belum ada cadangan yang berhasil')

    await recordBackupOutcome(t.db, { ok: true, name: 'sigap-2026-11-23T19-00-00Z', bytes: 52_400_000 }, t.clock.now() - 7 * hour)
    expect(await home()).toContain('Cadangan terakhir 24 Nov 2026 02.00 WIB (sigap-2026-11-23T19-00-00Z, 52.4 MB).')

    t.clock.advance({ hours: 20 })
    await recordBackupOutcome(t.db, { ok: false, error: 'ENOSPC: no space left on device' }, t.clock.now())
    const page = await home()
    expect(page).toContain('Cadangan semalam tidak terbuat.')
    expect(page).toContain('gagal: ENOSPC: no space left on device')
  })
})
