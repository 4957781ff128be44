import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { HranaServer } from './hrana-server'

const body = async (req: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** What a Worker test does with its database endpoint: count round trips, break it, close it. */
export type DbEndpoint = Pick<HranaServer, 'url' | 'pipelines' | 'resetCount' | 'setDown' | 'close'>

/**
 * An HTTP proxy on 127.0.0.1 in front of a libSQL server (sqld): counts the pipeline requests (the
 * client's round trips, 503s included) and, while down, answers every request 503 without passing
 * it on, which is how a Worker test breaks the database connection on purpose. Same interface as
 * the home-made Hrana server, so a test does not care which is behind it.
 */
export async function startCountingProxy(target: string): Promise<DbEndpoint> {
  let pipelines = 0
  let down = false
  const server = createServer(async (req, res) => {
    if (/\/pipeline$/.test(req.url ?? '')) pipelines++
    const sent = await body(req)
    if (down) return res.writeHead(503, { 'content-type': 'text/plain' }).end('database down (test)')
    const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && !['host', 'connection', 'content-length'].includes(e[0])))
    try {
      const upstream = await fetch(target + req.url, { method: req.method, headers, body: sent.length > 0 ? sent : undefined })
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' })
      res.end(Buffer.from(await upstream.arrayBuffer()))
    } catch (err) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${(err as Error).message}`)
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    get pipelines() {
      return pipelines
    },
    resetCount() {
      pipelines = 0
    },
    setDown(value: boolean) {
      down = value
    },
    close() {
      server.closeAllConnections()
      return new Promise<void>((done) => server.close(() => done()))
    },
  }
}
