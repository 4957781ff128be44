import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// Imports run downhill (issue 15): domain at the bottom, then config, db and alerts, then jobs,
// security and views, then routes and the entries. Each rule below is one that was once broken.

const root = join(import.meta.dirname, '..')
const sourceFiles = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  )

type Import = { spec: string; target: string | null; typeOnly: boolean }

/** Every import of a file; `target` is the repo-relative module (without extension) for relative ones, null for packages. */
function importsOf(file: string, text = readFileSync(join(root, file), 'utf8')): Import[] {
  const found: Import[] = []
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm)) {
    const spec = m[2]!
    const target = spec.startsWith('.') ? relative(root, join(root, dirname(file), spec)).replace(/\.tsx?$/, '') : null
    found.push({ spec, target, typeOnly: Boolean(m[1]) })
  }
  return found
}

const files = [...sourceFiles('worker'), ...sourceFiles('views')]
const graph = new Map(files.map((f) => [f.replace(/\.tsx?$/, ''), importsOf(f)]))

/** The modules under `from` that import something matching `banned`, as "importer → import". */
function violations(from: RegExp, banned: (i: Import) => boolean): string[] {
  return [...graph].filter(([m]) => from.test(m)).flatMap(([m, imports]) => imports.filter(banned).map((i) => `${m} → ${i.spec}`))
}

const under = (...dirs: string[]) => (i: Import) => i.target !== null && dirs.some((d) => i.target === d || i.target!.startsWith(`${d}/`))

/** Modules that take part in an import cycle (Tarjan's strongly connected components of size > 1). */
function cycles(modules: Map<string, Import[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const visit = (m: string) => {
    index.set(m, index.size)
    low.set(m, index.get(m)!)
    stack.push(m)
    onStack.add(m)
    for (const { target } of modules.get(m) ?? []) {
      const to = target && (modules.has(target) ? target : modules.has(`${target}/index`) ? `${target}/index` : null)
      if (!to) continue
      if (!index.has(to)) {
        visit(to)
        low.set(m, Math.min(low.get(m)!, low.get(to)!))
      } else if (onStack.has(to)) low.set(m, Math.min(low.get(m)!, index.get(to)!))
    }
    if (low.get(m) === index.get(m)) {
      const component: string[] = []
      let top: string
      do {
        top = stack.pop()!
        onStack.delete(top)
        component.push(top)
      } while (top !== m)
      if (component.length > 1) out.push(component.sort())
    }
  }
  for (const m of modules.keys()) if (!index.has(m)) visit(m)
  return out
}

describe('layering', () => {
  it('reads the imports it checks', () => {
    // The rules below pass vacuously if the parser finds nothing; these imports exist today.
    expect(importsOf('worker/db/schema.ts').map((i) => i.target)).toContain('worker/db/schema-core')
    expect(importsOf('worker/jobs/deliver.ts')).toContainEqual({ spec: '../alerts/channel', target: 'worker/alerts/channel', typeOnly: true })
    expect(importsOf('x/y.ts', "import { a } from './b'\nexport * from '../c'\nimport type { D } from 'hono'\n")).toEqual([
      { spec: './b', target: 'x/b', typeOnly: false },
      { spec: '../c', target: 'c', typeOnly: false },
      { spec: 'hono', target: null, typeOnly: true },
    ])
  })

  it('keeps worker/domain pure: it imports only other domain modules and no web or database library', () => {
    expect(violations(/^worker\/domain\//, (i) => (i.target !== null && !i.target.startsWith('worker/domain/')) || /^(hono|drizzle-orm|@libsql)(\/|$)/.test(i.spec))).toEqual([])
  })

  it('keeps configuration and alert channels below the database, the jobs, the routes and the views', () => {
    expect(violations(/^worker\/(config|alerts\/)/, under('worker/db', 'worker/jobs', 'worker/routes', 'views'))).toEqual([])
    expect(violations(/^worker\/config$/, under('worker/alerts'))).toEqual([])
  })

  it('lets the jobs run queries but take no type from them that a lower layer should own', () => {
    expect(violations(/^worker\/jobs\//, (i) => i.typeOnly && under('worker/db/queries')(i))).toEqual([])
  })

  it('keeps the database layer out of routes, views, jobs and alerts, and security out of the database', () => {
    expect(violations(/^worker\/db\//, under('worker/routes', 'views', 'worker/jobs', 'worker/alerts'))).toEqual([])
    expect(violations(/^worker\/security\//, under('worker/db', 'worker/routes', 'views'))).toEqual([])
  })

  it('has no import cycle among the schema modules, nor anywhere in worker/ and views/', () => {
    expect(cycles(new Map([...graph].filter(([m]) => m.startsWith('worker/db/schema'))))).toEqual([])
    expect(cycles(graph)).toEqual([])
  })

  it('finds a cycle when there is one', () => {
    const loop = new Map<string, Import[]>([
      ['a', [{ spec: './b', target: 'b', typeOnly: false }]],
      ['b', [{ spec: './a', target: 'a', typeOnly: false }]],
      ['c', [{ spec: './a', target: 'a', typeOnly: false }]],
    ])
    expect(cycles(loop)).toEqual([['a', 'b']])
  })

  it('answers every private file (case photos, reporters\' media) through one helper in worker/render.tsx', () => {
    const answering = files.filter((f) => /private, no-store|Content-Disposition', 'inline'/.test(readFileSync(join(root, f), 'utf8')))
    expect(answering).toEqual(['worker/render.tsx'])
  })

  it('writes audit rows only in worker/db/queries and reads the environment only through readConfig', () => {
    const offenders = files.filter((f) => !f.startsWith('worker/db/queries/') && /\bINSERT\s+INTO\s+audit_log\b/i.test(readFileSync(join(root, f), 'utf8')))
    expect(offenders).toEqual([])
    const envReaders = files.filter((f) => /process\.env/.test(readFileSync(join(root, f), 'utf8')))
    expect(envReaders).toEqual(['worker/node.ts'])
    expect(readFileSync(join(root, 'worker/node.ts'), 'utf8').match(/process\.env.*/g)).toEqual(["process.env, 'node')"])
  })
})
