import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { Actor } from '../../db/queries/admin'
import { users } from '../../db/schema'
import type { AppEnv } from '../../env'

export function actorOf(c: Context<AppEnv>): Actor {
  return { actorId: c.var.user!.id, now: c.var.clock.now() }
}

export function idParam(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'))
  if (!Number.isSafeInteger(id)) throw new HTTPException(404, { message: 'Tidak ditemukan.' })
  return id
}

/** Every role an admin may give, in the schema's order. */
export const roles = users.role.enumValues
