import { Hono } from 'hono'
import { AdminHomePage } from '../../../views/pages/admin/AdminHomePage'
import { readBackupStatus } from '../../db/queries/backups'
import { backupHealth } from '../../domain/backups'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'

/** /admin itself: what needs the admin's attention before anything breaks. */
export const adminHome = new Hono<AppEnv>()
adminHome.use('*', requireRole('admin'))
adminHome.get('/', async (c) => {
  const now = c.var.clock.now()
  const status = await readBackupStatus(c.var.db)
  const backup = { ...status, health: backupHealth(c.var.config.backup.dir !== null, status.okAt, now) }
  return page(c, 'Beranda admin', <AdminHomePage backup={backup} zone={c.var.config.zone} />)
})
