import type { Context } from 'hono'

/**
 * Makes `c.var` one object that `c.set` keeps current. Hono's `c.var` copies every variable into a
 * new object at each read, and a request reads it tens of times (database, clock, config, user,
 * session): about 2 µs and a dozen properties of garbage each time, a few per cent of an intake's
 * CPU in a burst (bench, issue 25). `c.get` still reads Hono's own store, which `c.set` still fills.
 * Call it before the first `c.set`.
 */
export function liveVariables(c: Context) {
  const vars: Record<string, unknown> = {}
  const set = c.set
  c.set = ((key: string, value: unknown) => {
    vars[key] = value
    set(key as never, value as never)
  }) as Context['set']
  Object.defineProperty(c, 'var', { value: vars, enumerable: true })
}
