import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedRate, responseLength } from '../../bench/fixed-rate'

// The open-loop generator behind issue 10's p99 (bench/load.ts), against real node:http servers.
let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

async function listen(handler: RequestListener): Promise<string> {
  server = createServer(handler)
  server.listen(0, '127.0.0.1')
  await new Promise((resolve) => server!.once('listening', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe('fixedRate', () => {
  it('sends the request as given, at the rate, and counts only the expected status as ok', async () => {
    const seen: string[] = []
    let n = 0
    const url = await listen((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => (body += d))
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['x-test']} ${body}`)
        // Every tenth answer is chunked, every fifth a failure.
        if (++n % 10 === 0) res.writeHead(303).write('moved')
        else res.writeHead(n % 5 === 0 ? 500 : 303, { 'Content-Length': 2 }).write('ok')
        res.end()
      })
    })
    let i = 0
    const started = performance.now()
    const run = await fixedRate({ url: `${url}/intake?x=1`, method: 'POST', headers: { 'X-Test': 'yes' }, body: () => `report=${i++}`, okStatus: 303, rate: 200, seconds: 1, warmUpSeconds: 0.5 })
    // The last of each run falls due 5 ms before its end: 1.49 s at the earliest, not at once.
    expect(performance.now() - started).toBeGreaterThan(1480)
    expect(run.sent).toBe(200)
    expect(seen).toHaveLength(300)
    expect(seen[0]).toBe('POST /intake?x=1 yes report=0')
    expect(seen.at(-1)).toBe('POST /intake?x=1 yes report=299')
    // Answers 101–300 are measured: 20 of them are 500s (every tenth is a chunked 303).
    expect(run.errors).toBe(20)
    expect(run.ok).toBe(180)
  })

  it('counts latency from when a request was due, so a stalled server shows in the tail', async () => {
    let n = 0
    const url = await listen((_req, res) => {
      // One 300 ms stall of the whole process, as a long pause would make it, at the 200th request:
      // after the 100 of the warm-up, in the middle of the measured 200.
      if (++n === 200) {
        const until = performance.now() + 300
        while (performance.now() < until);
      }
      res.writeHead(200, { 'Content-Length': 0 }).end()
    })
    const run = await fixedRate({ url, okStatus: 200, rate: 200, seconds: 1, warmUpSeconds: 0.5 })
    expect(n).toBe(300)
    expect(run.errors).toBe(0)
    // About 60 of the 200 measured requests fell due during the stall: the worst waited for all of
    // it, and more than 1 % waited over 100 ms. Timed from sending, each would take a millisecond.
    expect(run.max).toBeGreaterThan(250)
    expect(run.p99).toBeGreaterThan(100)
    expect(run.p50).toBeLessThan(100)
  })

  it('gives up on an answer it cannot delimit, or that never comes, and goes on with the queue', async () => {
    let n = 0
    const url = await listen((req, res) => {
      n++
      // No length and no chunks (as HTTP/1.0 allows): the body runs to the connection's close.
      if (n === 20) req.socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close')
      else if (n === 40) return // never answered
      else res.writeHead(n === 60 ? 204 : 200, n === 60 ? {} : { 'Content-Length': 2 }).end(n === 60 ? undefined : 'ok')
    })
    // One connection, so the requests behind each of these wait for it.
    const run = await fixedRate({ url, okStatus: 200, rate: 200, seconds: 0.5, warmUpSeconds: 0, connections: 1, timeoutMs: 200 })
    expect(n).toBe(100)
    // The unreadable answer, the unanswered request and the 204 (expected: 200) fail; nothing else.
    expect(run.errors).toBe(3)
    expect(run.ok).toBe(97)
  })

  it('counts a connection the server drops as an error and carries on', async () => {
    let n = 0
    const url = await listen((req, res) => {
      if (++n === 10) req.socket.destroy()
      else res.writeHead(200, { 'Content-Length': 0 }).end()
    })
    const run = await fixedRate({ url, okStatus: 200, rate: 100, seconds: 1, warmUpSeconds: 0 })
    expect(run.errors).toBe(1)
    expect(run.ok).toBe(99)
  })
})

describe('responseLength', () => {
  const bytes = (s: string) => Buffer.from(s, 'latin1')
  it('finds the end of a response by Content-Length or by its chunks', () => {
    const empty = 'HTTP/1.1 303 See Other\r\nContent-Length: 0\r\n\r\n'
    expect(responseLength(bytes(empty))).toBe(empty.length)
    const partial = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab'
    expect(responseLength(bytes(partial))).toBe(partial.length + 3)
    const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'
    expect(responseLength(bytes(chunked))).toBe(chunked.length)
    expect(responseLength(bytes(chunked.slice(0, -2)))).toBeUndefined()
    expect(responseLength(bytes('HTTP/1.1 200 OK\r\nContent-Le'))).toBeUndefined()
  })

  it('gives up on a response it cannot delimit', () => {
    expect(responseLength(bytes('HTTP/1.0 200 OK\r\n\r\n'))).toBe(-1)
    expect(responseLength(bytes('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nrest'))).toBe(-1)
    expect(responseLength(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toBe(-1)
  })
})
