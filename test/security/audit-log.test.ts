import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../../worker/db/schema'
import { sha256Hex } from '../../worker/security/tokens'
import { createTestApp } from '../support/app'
import { fileCase } from '../support/handling'

const nik = '6171015508900001'

describe('audit log viewer', () => {
  it('shows an admin who read which case, filtered by case, user and date, 50 rows a page', async () => {
    const t = await createTestApp()
    const operator = await t.addUser('operator', { username: 'budi' })
    const opCookie = await t.cookieFor(operator)
    const kase = await fileCase(t, opCookie)
    const other = await fileCase(t, opCookie)
    const siti = await t.addUser('supervisor', { username: 'siti' })
    const supervisor = await t.cookieFor(siti)
    for (let i = 0; i < 60; i++) await t.request(`/cases/${kase.id}`, { cookie: supervisor })
    t.clock.advance({ days: 2 })
    expect((await t.request(`/cases/${other.id}`, { cookie: await t.cookieFor(siti) })).status).toBe(200)
    const admin = await t.cookieFor(await t.addUser('admin'))

    const first = await (await t.request(`/admin/audit?case=${kase.ticket}`, { cookie: admin })).text()
    expect(first.match(/<code>case\.read<\/code>/g)).toHaveLength(50)
    expect(first).toContain('Berikutnya')
    const second = await (await t.request(`/admin/audit?case=${kase.ticket}&page=2`, { cookie: admin })).text()
    // 60 reads and the creation: 11 more.
    expect(second.match(/<tr>/g)!.length - 1).toBe(11)
    expect(second).toContain('case.create')

    const byUser = await (await t.request('/admin/audit?user=budi', { cookie: admin })).text()
    expect(byUser.match(/<code>case\.create<\/code>/g)).toHaveLength(2)
    expect(byUser).not.toContain('<code>case.read</code>')

    const today = await (await t.request('/admin/audit?user=siti&from=2026-11-26&to=2026-11-26', { cookie: admin })).text()
    expect(today.match(/<code>case\.read<\/code>/g)).toHaveLength(1)
    expect(today).toContain(other.ticket)

    const bad = await t.request('/admin/audit?from=2026-13-45', { cookie: admin })
    expect(bad.status).toBe(422)
  })

  it('exports the filtered log as CSV for Excel: UTF-8 BOM, no cell that runs as a formula, the export itself audited', async () => {
    const t = await createTestApp()
    const admin = await t.addUser('admin', { username: 'ani' })
    const cookie = await t.cookieFor(admin)
    const risky = ['=HYPERLINK("http://evil","x")', '+1+1', '-1+1', '@SUM(1,1)', '\t=1', '\r=1']
    for (const detail of [...risky, 'biasa, "dikutip"']) {
      await t.db.insert(auditLog).values({ at: t.clock.now(), actorId: admin.id, action: 'test.detail', detail })
    }
    const res = await t.request('/admin/audit.csv?action=test', { cookie })
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv; charset=utf-8/)
    expect(res.headers.get('Content-Disposition')).toMatch(/attachment/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    // Each formula-looking cell is quoted and starts with an apostrophe; nothing else was changed.
    for (const detail of risky) expect(text).toContain(`"'${detail.replace(/"/g, '""')}"`)
    expect(text).toContain('"biasa, ""dikutip"""')
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'audit.export'))).toHaveLength(1)
  })

  it('records a search for a person by its SHA-256, never the NIK or name typed', async () => {
    const t = await createTestApp()
    const operator = await t.cookieFor(await t.addUser('operator'))
    await fileCase(t, operator, { person_nik: nik })
    const supervisor = await t.addUser('supervisor')
    const cookie = await t.cookieFor(supervisor)
    const res = await t.request(`/cases?q=${nik}`, { cookie })
    expect(await res.text()).toContain('Nenek Aminah')
    await t.request('/cases?q=Aminah', { cookie })
    await t.request('/cases?status=baru', { cookie }) // browsing without a term is not a search
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'case.search'))
    expect(rows).toHaveLength(2)
    expect(rows.every((r) => r.actorId === supervisor.id)).toBe(true)
    expect(JSON.parse(rows[0]!.detail!)).toEqual({ term: await sha256Hex(nik), results: 1 })
    expect(JSON.stringify(rows)).not.toMatch(/6171|Aminah/)
  })

  it('offers no route that edits or deletes audit rows, and the database refuses it', async () => {
    const t = await createTestApp()
    const admin = await t.addUser('admin')
    await t.db.insert(auditLog).values({ at: t.clock.now(), actorId: admin.id, action: 'x' })
    await expect(t.db.$client.execute('UPDATE audit_log SET action = ?', ['y'])).rejects.toThrow()
    await expect(t.db.$client.execute('DELETE FROM audit_log')).rejects.toThrow()
    const routes = t.app.routes.filter((r) => r.path.includes('audit') && r.method !== 'GET' && r.method !== 'ALL')
    expect(routes).toEqual([])
  })
})
