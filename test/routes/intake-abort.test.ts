import { once } from 'node:events'
import { connect } from 'node:net'
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { createTestApp } from '../support/app'

describe('a client that drops a request mid-body (issue 16)', () => {
  it('is not logged as an unhandled error on POST /intake, and nothing is stored', async () => {
    const t = await createTestApp()
    const cookie = await t.cookieFor(await t.addUser('operator'))
    let handled!: () => void
    const finished = new Promise<void>((resolve) => (handled = resolve))
    const server = serve({ fetch: async (req, env) => { try { return await t.app.fetch(req, env) } finally { handled() } }, port: 0, hostname: '127.0.0.1' })
    await once(server, 'listening')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1')
      await once(socket, 'connect')
      const head = [
        'POST /intake HTTP/1.1',
        'Host: localhost',
        `Origin: ${t.config.origin}`,
        'Sec-Fetch-Site: same-origin',
        `Cookie: ${cookie}`,
        'Content-Type: application/x-www-form-urlencoded',
        'Content-Length: 5000',
      ].join('\r\n')
      socket.write(`${head}\r\n\r\nreporter_name=Budi&person_name=`)
      // The app has started reading the body when the client goes away.
      await new Promise((resolve) => setImmediate(resolve))
      socket.destroy()
      await finished
      expect(errors.mock.calls.filter((args) => String(args[0]).includes('unhandled'))).toEqual([])
      const [{ n }] = (await t.db.$client.execute('SELECT count(*) AS n FROM cases')).rows as unknown as { n: number }[]
      expect(Number(n)).toBe(0)
    } finally {
      errors.mockRestore()
      server.close()
    }
  })
})
