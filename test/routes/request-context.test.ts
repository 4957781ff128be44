// Two per-request costs cut for bursts of intakes (issue 25): c.var as one live object, and
// urlencoded forms parsed without a web Response. Both must answer exactly as Hono does.
import { Hono, type Context } from 'hono'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { liveVariables } from '../../worker/live-variables'
import { readUrlencodedDirectly } from '../../worker/urlencoded'

afterEach(() => vi.restoreAllMocks())

describe('liveVariables', () => {
  it('makes c.var one object that c.set keeps current, and c.get still answers', async () => {
    const app = new Hono<{ Variables: { a: number; b: string } }>()
    app.get('/', (c) => {
      liveVariables(c)
      c.set('a', 1)
      const first = c.var
      c.set('b', 'x')
      c.set('a', 2)
      return c.json({ same: first === c.var, var: { ...c.var }, a: c.get('a'), b: c.get('b') })
    })
    expect(await (await app.request('/')).json()).toEqual({ same: true, var: { a: 2, b: 'x' }, a: 2, b: 'x' })
  })
})

describe('readUrlencodedDirectly', () => {
  const bodies = [
    'a=1&b=2&a=3',
    'name=Nenek+Aminah&note=50%25+%26+%3D&empty=&flag',
    `kota=${encodeURIComponent('Pontianak — Kalbar ✓ 🙂')}&bad=%E0%A4%A&x%5B%5D=1&x%5B%5D=2`,
    'user.name=a&user.role=b',
    '',
  ]
  const parse = async (direct: boolean, body: string, options?: { all?: boolean; dot?: boolean }) => {
    const app = new Hono()
    app.post('/', async (c: Context) => {
      if (direct) readUrlencodedDirectly(c)
      const first = await c.req.parseBody(options)
      // A second read (app.onError's for an unreachable database) gets the same form.
      expect(await c.req.parseBody(options)).toEqual(first)
      return c.json(first)
    })
    const res = await app.request('/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body })
    return res.json()
  }

  it('gives the body Hono gives, with every option', async () => {
    for (const body of bodies) {
      for (const options of [undefined, { all: true }, { dot: true }]) expect(await parse(true, body, options), `${body} ${JSON.stringify(options)}`).toEqual(await parse(false, body, options))
    }
  })

  it('reads a urlencoded form without a web Response, and leaves multipart to Hono', async () => {
    const viaResponse = vi.spyOn(Response.prototype, 'formData')
    await parse(true, 'a=1')
    expect(viaResponse).not.toHaveBeenCalled()
    const app = new Hono()
    app.post('/', async (c) => {
      readUrlencodedDirectly(c)
      return c.json(await c.req.parseBody())
    })
    const form = new FormData()
    form.append('a', '1')
    expect(await (await app.request('/', { method: 'POST', body: form })).json()).toEqual({ a: '1' })
    expect(viaResponse).toHaveBeenCalled()
  })
})
