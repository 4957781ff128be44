import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'

/** A port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

/** `npm start`'s entry (worker/node.ts) as a child process on 127.0.0.1:`port`, resolved once it listens. */
export function startNodeServer(port: number, env: Record<string, string>): Promise<ChildProcess> {
  // tsx as a loader in one process (not the tsx CLI, which runs the server in a child a SIGKILL would miss).
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/node.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir(), PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk
      if (output.includes('Sigap listening')) resolve(child)
    })
    child.stderr!.on('data', (chunk) => (output += chunk))
    child.on('exit', (code, signal) => reject(new Error(`worker/node.ts exited (${code ?? signal}) before listening:\n${output}`)))
  })
}

/**
 * POSTs a form to the server on 127.0.0.1:`port` as the app's own pages send it (same origin, so
 * CSRF checks pass); redirects are returned, not followed.
 */
export function formPoster(port: number, opts: { timeoutMs?: number } = {}) {
  const origin = `http://localhost:${port}`
  return (path: string, form: Record<string, string>, cookie?: string) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { Origin: origin, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
      signal: opts.timeoutMs ? AbortSignal.timeout(opts.timeoutMs) : undefined,
    })
}
