import type { Config } from '../config'
import type { Db } from './client'
import { migrateDb } from './migrate'
import { ensureRollupZone } from './queries/dashboard'
import { ensurePersonNameKeys } from './queries/people'
import { ensureVapidKeys } from './queries/push'
import { seedDefaultLadder } from './queries/sweep'
import { zoneOffsetMinutes } from '../domain/figures'
import { loadReferenceData } from './seed'

/** Migrates and fills reference data: what `npm run db:migrate` and the Node entry do at start. */
export async function prepareDatabase(db: Db, config: Config): Promise<void> {
  await migrateDb(db)
  await loadReferenceData(db, config.region)
  await seedDefaultLadder(db)
  await ensurePersonNameKeys(db)
  await ensureVapidKeys(db)
  // Dashboard rollups are cut at local midnight of the deployment's zone (issue 7).
  await ensureRollupZone(db, zoneOffsetMinutes(config.zone, Date.now()))
}
