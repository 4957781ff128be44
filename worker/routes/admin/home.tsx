import { Hono } from 'hono'
import { AdminHomePage } from '../../../views/pages/admin/AdminHomePage'
import { readBackupStatus } from '../../db/queries/backups'
import { backupHealth } from '../../domain/backups'
import { listLadderPeople } from '../../db/queries/admin'
import { loadLadder } from '../../db/queries/sweep'
import { defaultLadder, unreachableRungs } from '../../domain/escalation'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'

/** /admin itself: what needs the admin's attention before anything breaks. */
export const adminHome = new Hono<AppEnv>()
adminHome.use('*', requireRole('admin'))
adminHome.get('/', async (c) => {
  const now = c.var.clock.now()
  const [status, ladder, people] = await Promise.all([readBackupStatus(c.var.db), loadLadder(c.var.db), listLadderPeople(c.var.db)])
  const backup = { ...status, health: backupHealth(c.var.config.backup.dir !== null, status.okAt, now) }
  const unreachable = unreachableRungs(ladder.length ? ladder : defaultLadder, people)
  return page(c, 'Beranda admin', <AdminHomePage backup={backup} zone={c.var.config.zone} unreachable={unreachable} />)
})
