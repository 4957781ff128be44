import { Hono } from 'hono'
import { crewRoles, crewSteps, type CrewStep } from '../domain/dispatch'
import type { AppEnv } from '../env'
import { crewPage } from '../pages/crew'
import { requireRole } from '../security/middleware'

/** A crew member's vehicle tasks; the steps themselves are posted to /dispatches/:id/<step>. */
export const crew = new Hono<AppEnv>()

crew.get('/', requireRole(...crewRoles), async (c) => {
  const done = c.req.query('done') as CrewStep | undefined
  return crewPage(c, done && Object.hasOwn(crewSteps, done) ? { kind: 'ok', text: `Tersimpan: ${crewSteps[done]}.` } : undefined)
})
