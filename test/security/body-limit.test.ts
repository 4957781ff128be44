import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import type { AddressInfo } from 'node:net'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { limitBody } from '../../worker/security/body-limit'

// Through @hono/node-server on a real socket, as `npm start` serves: that adapter is where a
// declared Content-Length and a chunked body reach the middleware differently.
let server: ServerType
let origin: string
const handled: string[] = []
// Whether the limit asked for the request's body stream, which makes the adapter build a web Request.
let streamed = false

beforeAll(async () => {
  const app = new Hono()
  app.use('*', async (c, next) => {
    streamed = false
    c.req.raw = new Proxy(c.req.raw, {
      get: (target, prop) => {
        if (prop === 'body') streamed = true
        const value = Reflect.get(target, prop, target) as unknown
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    await next()
  })
  app.use('*', limitBody(1024, (c) => c.text('too large', 413)))
  app.all('*', async (c) => {
    const body = c.req.method === 'GET' ? '' : await c.req.text()
    handled.push(`${c.req.method} ${body.length}`)
    return c.text(`read ${body.length}`)
  })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Sends `body` in `chunks` writes: one with a Content-Length, several as Transfer-Encoding: chunked. */
function send(method: string, body: string, chunks = 1): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = chunks === 1 ? { 'Content-Length': Buffer.byteLength(body) } : { 'Transfer-Encoding': 'chunked' }
    const req = request(`${origin}/`, { method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode!, text }))
    })
    req.on('error', reject)
    const size = Math.ceil(body.length / chunks)
    for (let i = 0; i < chunks; i++) req.write(body.slice(i * size, (i + 1) * size))
    req.end()
  })
}

describe('limitBody on Node', () => {
  it('passes a body within the limit to the route, whole, streaming only a chunked one', async () => {
    handled.length = 0
    expect(await send('POST', 'a'.repeat(1024))).toEqual({ status: 200, text: 'read 1024' })
    expect(streamed).toBe(false)
    expect(await send('POST', 'b'.repeat(1000), 4)).toEqual({ status: 200, text: 'read 1000' })
    expect(streamed).toBe(true)
    expect(handled).toEqual(['POST 1024', 'POST 1000'])
  })

  it('refuses a declared Content-Length over the limit before the route runs', async () => {
    handled.length = 0
    expect(await send('POST', 'a'.repeat(1025))).toEqual({ status: 413, text: 'too large' })
    expect(await send('PUT', 'a'.repeat(64 * 1024))).toEqual({ status: 413, text: 'too large' })
    expect(streamed).toBe(false)
    expect(handled).toEqual([])
  })

  it('counts a chunked body as it arrives and refuses it past the limit', async () => {
    handled.length = 0
    expect(await send('POST', 'a'.repeat(4096), 8)).toEqual({ status: 413, text: 'too large' })
    expect(handled).toEqual([])
  })

  it('lets a GET through', async () => {
    handled.length = 0
    const res = await fetch(`${origin}/`)
    expect(res.status).toBe(200)
    expect(handled).toEqual(['GET 0'])
  })
})
