import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { apiKeys, auditLog, cases } from '../../worker/db/schema'
import { createTestApp, kelurahanA, type TestApp } from '../support/app'

/** Issues a key through the admin page, as an admin would, and returns it with the admin's cookie. */
async function issueKey(t: TestApp) {
  const cookie = await t.cookieFor(await t.addUser('admin'))
  const res = await t.request('/admin/api-keys', { cookie, form: { name: 'Gateway WhatsApp' } })
  expect(res.status).toBe(200)
  const key = /<code id="new-key">([^<]+)<\/code>/.exec(await res.text())![1]!
  return { key, cookie }
}

/** An Open311 client: another server, so no Origin or Sec-Fetch-Site headers and no cookie. */
function client(t: TestApp, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.request(path, form ? { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() } : {})
}

// Open311 answers are loosely shaped JSON; tests read them as such.
const json = (res: Response): Promise<any> => res.json()

const request = (key?: string): Record<string, string> => ({
  ...(key ? { api_key: key } : {}),
  service_code: 'lansia-terlantar',
  'attribute[kelurahan]': kelurahanA,
  address_string: 'Jl. Tanjungpura No. 1',
  description: 'Lansia tinggal sendiri, tidak ada yang merawat.',
  first_name: 'Budi',
  phone: '081234567890',
})

describe('Open311 GeoReport v2', () => {
  it('publishes discovery, services and a service definition without a key', async () => {
    const t = await createTestApp()
    const discovery = await json(await client(t, '/open311/v2/discovery.json'))
    expect(discovery.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json'] })
    const services = await json(await client(t, '/open311/v2/services.json'))
    expect(services).toContainEqual(expect.objectContaining({ service_code: 'odgj', metadata: true, type: 'realtime' }))
    const definition = await json(await client(t, '/open311/v2/services/odgj.json'))
    expect(definition.attributes[0]).toMatchObject({ code: 'kelurahan', required: true, datatype: 'singlevaluelist' })
  })

  it('creates a request with a valid key, returns its ticket and status, and audits both calls', async () => {
    const t = await createTestApp()
    const { key } = await issueKey(t)
    const res = await client(t, '/open311/v2/requests.json', request(key))
    expect(res.status).toBe(200)
    const [created] = await json(res)
    expect(created.service_request_id).toBe('2611-0001')
    const [kase] = await t.db.select().from(cases)
    expect(kase).toMatchObject({ channel: 'online', kelurahanCode: kelurahanA, reporterName: 'Budi', reporterPhone: '+6281234567890' })

    const status = await client(t, `/open311/v2/requests/2611-0001.json?api_key=${encodeURIComponent(key)}`)
    expect(status.status).toBe(200)
    const [body] = await json(status)
    expect(body).toMatchObject({ service_request_id: '2611-0001', status: 'open', service_code: 'lansia-terlantar' })
    expect(JSON.stringify(body)).not.toMatch(/Budi|Tanjungpura|0812/)

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.caseId, kase!.id))
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.create', 'open311.create', 'open311.read']))
    // Only the hash of the key is stored.
    const [stored] = await t.db.select().from(apiKeys)
    expect(stored!.keyHash).not.toBe(key)
    expect(JSON.stringify(stored)).not.toContain(key)
  })

  it('shows a key public reports only, as FixMyStreet does: a case entered by staff is not found (issue 16)', async () => {
    const t = await createTestApp()
    const { key } = await issueKey(t)
    expect((await client(t, '/open311/v2/requests.json', request(key))).status).toBe(200)
    await t.db.update(cases).set({ channel: 'telepon' })
    const res = await client(t, `/open311/v2/requests/2611-0001.json?api_key=${encodeURIComponent(key)}`)
    expect(res.status).toBe(404)
    await t.db.update(cases).set({ channel: 'online' })
    expect((await client(t, `/open311/v2/requests/2611-0001.json?api_key=${encodeURIComponent(key)}`)).status).toBe(200)
  })

  it('answers a retry carrying the same Idempotency-Key with the first request and files nothing more', async () => {
    const t = await createTestApp()
    const { key } = await issueKey(t)
    const retry = { 'Idempotency-Key': 'wa-msg_0001-ABC' }
    const first = await client(t, '/open311/v2/requests.json', request(key), retry)
    const again = await client(t, '/open311/v2/requests.json', request(key), retry)
    expect([first.status, again.status]).toEqual([200, 200])
    const [a] = await json(first)
    const [b] = await json(again)
    expect(b.service_request_id).toBe(a.service_request_id)
    expect(await t.db.select().from(cases)).toHaveLength(1)
    // Without the header every call is a new report, as before.
    await client(t, '/open311/v2/requests.json', request(key))
    await client(t, '/open311/v2/requests.json', request(key))
    expect(await t.db.select().from(cases)).toHaveLength(3)
  })

  it('keeps Idempotency-Keys apart per API key and refuses a malformed one', async () => {
    const t = await createTestApp()
    const { key, cookie } = await issueKey(t)
    const res = await t.request('/admin/api-keys', { cookie, form: { name: 'Chatbot' } })
    const other = /<code id="new-key">([^<]+)<\/code>/.exec(await res.text())![1]!
    const retry = { 'Idempotency-Key': 'same-key-1' }
    const [a] = await json(await client(t, '/open311/v2/requests.json', request(key), retry))
    const [b] = await json(await client(t, '/open311/v2/requests.json', request(other), retry))
    expect(b.service_request_id).not.toBe(a.service_request_id)
    expect(await t.db.select().from(cases)).toHaveLength(2)
    for (const bad of ['has space', 'x'.repeat(129), 'semi;colon']) {
      const refused = await client(t, '/open311/v2/requests.json', request(key), { 'Idempotency-Key': bad })
      expect(refused.status).toBe(400)
      expect((await json(refused))[0].description).toMatch(/Idempotency-Key/)
    }
    expect(await t.db.select().from(cases)).toHaveLength(2)
  })

  it('refuses a missing or unknown key', async () => {
    const t = await createTestApp()
    const missing = await client(t, '/open311/v2/requests.json', request())
    expect(missing.status).toBe(400)
    expect((await json(missing))[0].description).toMatch(/api_key/)
    expect((await client(t, '/open311/v2/requests.json', request('sgp_not-a-real-key'))).status).toBe(403)
    expect((await client(t, '/open311/v2/requests/2611-0001.json')).status).toBe(400)
    expect(await t.db.select().from(cases)).toHaveLength(0)
  })

  it('refuses a key an admin has revoked', async () => {
    const t = await createTestApp()
    const { key, cookie } = await issueKey(t)
    expect((await client(t, '/open311/v2/requests.json', request(key))).status).toBe(200)
    const [stored] = await t.db.select().from(apiKeys)
    expect((await t.request(`/admin/api-keys/${stored!.id}/revoke`, { cookie, form: {} })).status).toBe(303)
    const res = await client(t, '/open311/v2/requests.json', request(key))
    expect(res.status).toBe(403)
    expect((await json(res))[0].description).toMatch(/revoked/)
    expect((await client(t, `/open311/v2/requests/2611-0001.json?api_key=${encodeURIComponent(key)}`)).status).toBe(403)
    expect(await t.db.select().from(cases)).toHaveLength(1)
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'open311.denied'))).toHaveLength(2)
  })

  it('answers a bad request with Open311 errors and rate-limits each key', async () => {
    const t = await createTestApp()
    const { key } = await issueKey(t)
    const bad = await client(t, '/open311/v2/requests.json', { ...request(key), 'attribute[kelurahan]': '', phone: '' })
    expect(bad.status).toBe(400)
    const errors = (await json(bad)).map((e: { description: string }) => e.description.split(':')[0])
    expect(errors).toEqual(expect.arrayContaining(['attribute[kelurahan]', 'phone']))
    for (let i = 0; i < 59; i++) await client(t, `/open311/v2/requests/2611-0001.json?api_key=${encodeURIComponent(key)}`)
    const limited = await client(t, `/open311/v2/requests/2611-0001.json?api_key=${encodeURIComponent(key)}`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBeTruthy()
    t.clock.advance({ minutes: 1, seconds: 1 })
    expect((await client(t, `/open311/v2/requests/2611-0001.json?api_key=${encodeURIComponent(key)}`)).status).toBe(404)
  })

  it('lets only admins issue keys', async () => {
    const t = await createTestApp()
    const cookie = await t.cookieFor(await t.addUser('supervisor'))
    expect((await t.request('/admin/api-keys', { cookie, form: { name: 'x' } })).status).toBe(403)
  })
})
