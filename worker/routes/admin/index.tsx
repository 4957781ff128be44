import { Hono } from 'hono'
import type { AppEnv } from '../../env'
import { requireRole } from '../../security/middleware'
import { adminImports } from './imports'
import { adminSettings } from './settings'
import { adminUsers } from './users'

/** The admin area: people, areas, categories, the ladder, the agency profile and imports. */
export const admin = new Hono<AppEnv>()
admin.use('*', requireRole('admin'))
admin.get('/', (c) => c.redirect('/admin/users', 303))
admin.route('/', adminUsers)
admin.route('/', adminSettings)
admin.route('/', adminImports)
