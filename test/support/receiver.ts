import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll } from 'vitest'

export type Received = { method: string; path: string; headers: Record<string, string>; body: string }

/**
 * A real HTTP receiver on 127.0.0.1 (a free port) standing in for WhatsApp, the e-mail API or a
 * webhook; `answer` decides the status of each request, given how many came before.
 */
export async function startReceiver(answer: (req: Received, index: number) => number = () => 200) {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const entry = { method: req.method ?? '', path: req.url ?? '', headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString('utf8') }
      const status = answer(entry, received.length)
      received.push(entry)
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(status < 300 ? '{"ok":true}' : '{"error":"no"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  afterAll(close)
  return { url, received, close }
}
