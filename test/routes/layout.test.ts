import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const routesDir = join(root, 'worker/routes')
const routeFiles = readdirSync(routesDir, { recursive: true })
  .map(String)
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => join(routesDir, f))

/** The relative imports of a source file, resolved to files. */
function importsOf(file: string): string[] {
  const specs = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!)
  return specs.map((spec) => {
    const base = resolve(dirname(file), spec)
    return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx'), base].find((f) => existsSync(f) && f.match(/\.tsx?$/)) ?? base
  })
}

const definesRoutes = (file: string) => /new Hono\b/.test(readFileSync(file, 'utf8'))

describe('the layout of worker/routes', () => {
  it('has no route file importing another: what two routes share lives in worker/pages or below', () => {
    expect(routeFiles.filter(definesRoutes).length).toBeGreaterThan(20)
    const crossings = routeFiles.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith(routesDir) && definesRoutes(target))
        .map((target) => `${relative(routesDir, file)} imports ${relative(routesDir, target)}`),
    )
    expect(crossings).toEqual([])
  })

  it('mounts each router where its URLs start, in the file named after that start', () => {
    const app = readFileSync(join(root, 'worker/app.tsx'), 'utf8')
    const fileOf = new Map<string, string>()
    for (const m of app.matchAll(/import \{([^}]+)\} from '\.\/routes\/([^']+)'/g)) {
      for (const name of m[1]!.split(',')) fileOf.set(name.trim(), m[2]!)
    }
    const mounts = [...app.matchAll(/app\.route\('([^']+)', (\w+)\)/g)].map((m) => ({ path: m[1]!, file: fileOf.get(m[2]!) ?? `? (${m[2]})` }))
    expect(mounts.length).toBeGreaterThan(20)
    // Only these serve several short top-level URLs each (/login, /lapor, /cek, /healthz).
    const atRoot = new Set(['auth', 'public', 'system'])
    // A URL segment a file name cannot start with.
    const fileNames: Record<string, string> = { '2fa': 'two-factor' }
    const misplaced = mounts.filter(({ path, file }) => {
      const segment = path.split('/')[1]!
      if (segment === '') return !atRoot.has(file)
      const name = fileNames[segment] ?? segment
      return file !== name && !file.startsWith(`${name}/`)
    })
    expect(misplaced).toEqual([])
  })
})
