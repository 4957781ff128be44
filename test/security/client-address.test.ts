import { describe, expect, it } from 'vitest'
import { readConfig } from '../../worker/config'
import { clientAddressOf, parseTrustedProxy } from '../../worker/security/client-address'
import { categoryId, createTestApp, validReport } from '../support/app'

const headers = (h: Record<string, string>) => (name: string) => h[name]

describe('client address (SIGAP_TRUSTED_PROXY, issue 16)', () => {
  it('uses the socket address by default and ignores forwarded headers a client can write', () => {
    const trust = readConfig({ SIGAP_ORIGIN: 'http://localhost', SIGAP_PEPPER: 'x' }, 'node').trustedProxy
    expect(trust).toEqual({ kind: 'socket' })
    expect(clientAddressOf(trust, '10.0.0.5', headers({ 'X-Forwarded-For': '1.2.3.4', 'CF-Connecting-IP': '5.6.7.8' }))).toBe('10.0.0.5')
  })

  it('takes the address the outermost trusted proxy saw, never one the client put further left', () => {
    const one = parseTrustedProxy('1', 'node')
    expect(clientAddressOf(one, '127.0.0.1', headers({ 'X-Forwarded-For': '6.6.6.6, 203.0.113.4' }))).toBe('203.0.113.4')
    const two = parseTrustedProxy('2', 'node')
    expect(clientAddressOf(two, '127.0.0.1', headers({ 'X-Forwarded-For': '6.6.6.6, 203.0.113.4, 10.0.0.2' }))).toBe('203.0.113.4')
    // A request that did not pass every proxy: the header proves nothing.
    expect(clientAddressOf(two, '127.0.0.1', headers({ 'X-Forwarded-For': '6.6.6.6' }))).toBe('127.0.0.1')
    expect(clientAddressOf(one, '127.0.0.1', headers({}))).toBe('127.0.0.1')
  })

  it('reads CF-Connecting-IP only under cloudflare, which is what a Worker always runs behind', () => {
    expect(parseTrustedProxy(undefined, 'worker')).toEqual({ kind: 'cloudflare' })
    expect(clientAddressOf(parseTrustedProxy('cloudflare', 'node'), '127.0.0.1', headers({ 'CF-Connecting-IP': '203.0.113.8', 'X-Forwarded-For': '6.6.6.6' }))).toBe('203.0.113.8')
  })

  it('refuses a setting it cannot read rather than guess', () => {
    for (const bad of ['yes', '-1', '10', 'x-forwarded-for']) expect(() => parseTrustedProxy(bad, 'node')).toThrow(/SIGAP_TRUSTED_PROXY/)
    expect(() => parseTrustedProxy('1', 'worker')).toThrow(/SIGAP_TRUSTED_PROXY/)
  })

  it('keys the public quota by the forwarded address behind one proxy, so one busy client does not fill it for all', async () => {
    const t = await createTestApp({ config: { trustedProxy: parseTrustedProxy('1', 'node') } })
    const category = String(await categoryId(t.db, 'orang-terlantar'))
    const post = async (address: string, i: number) => {
      const report = { ...validReport({ category }), consent: 'ya', website: '', reporter_phone: `0812 0000 ${String(1000 + i)}` }
      return t.request('/lapor', { form: report, headers: { 'X-Forwarded-For': address } })
    }
    for (let i = 0; i < 10; i++) expect((await post('203.0.113.1', i)).status).toBe(303)
    expect((await post('203.0.113.1', 10)).status).toBe(429)
    expect((await post('203.0.113.2', 11)).status).toBe(303)
  })
})
