// What the Node entry does for a local trial (never in production): demo accounts, their password,
// a demo month of cases, and the lines that tell whoever started it how to sign in.
import { and, asc, like, ne } from 'drizzle-orm'
import type { Config } from './config'
import type { Db } from './db/client'
import { demoMonth, loadDemoMonth } from './demo-month'
import { kelurahan } from './db/schema'
import { unknownAreaCodes } from './domain/unknown-area'
import { applyDemoPassword, demoStaff, loadDemoUsers } from './db/seed'

/** Loads what is missing and returns the start-up banner, one line per entry. */
export async function prepareDemo(db: Db, config: Config, now: number): Promise<string[]> {
  const chosen = config.server.demoPassword
  const generated = await loadDemoUsers(db, config, now, chosen)
  // A later start with SIGAP_DEMO_PASSWORD set: the demo accounts take it (a lost password is one restart away).
  if (!generated && chosen) await applyDemoPassword(db, config, chosen)
  const loaded = !config.server.demoCases ? null : await loadDemoMonth(db, config, now)
  const [first] = await db.select({ code: kelurahan.code, name: kelurahan.name }).from(kelurahan).where(and(like(kelurahan.code, `${config.region}.%`), ne(kelurahan.code, unknownAreaCodes(config.region).kelurahan))).orderBy(asc(kelurahan.code)).limit(1)
  const facilitator = first ? `, or a facilitator: fas-<kelurahan code digits>, e.g. fas-${first.code.replace(/\D/g, '')} (${first.name})` : ''
  const password = generated
    ? `Password: ${generated} (generated at this first start and not stored; to choose one: SIGAP_DEMO_PASSWORD=… npm start)`
    : chosen
      ? 'Password: the value of SIGAP_DEMO_PASSWORD'
      : 'Password: the one printed at the first start; forgot it? SIGAP_DEMO_PASSWORD=… npm start sets a new one'
  return [
    ...(loaded ? [`Demo data: ${loaded} cases of the last ${demoMonth.days} days.`] : []),
    `Sign in at ${config.origin}/login as ${demoStaff.map((s) => s.username).join(', ')}${facilitator}.`,
    password,
  ]
}
