// Node entry: an embedded libSQL file, migrations and (outside production) demo data at start, the same app as the Worker.
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createApp } from './app'
import { scheduleBackups } from './backup/schedule'
import { systemClock } from './clock'
import { readConfig } from './config'
import { openFileDb } from './db/open-file'
import { prepareDatabase } from './db/prepare'
import { prepareDemo } from './demo'
import { smtpMailer } from './alerts/smtp'
import { runSweep } from './jobs/run'
import { startScheduler, sweepCron } from './jobs/schedule'
import { folderPhotoStore } from './storage/folder'
import { releaseStartupGarbage } from './startup-gc'

const config = readConfig(process.env, 'node')
const db = await openFileDb(config.server.databaseUrl, { groupCommit: true })
await prepareDatabase(db, config)
const demoBanner = config.production ? [] : await prepareDemo(db, config, systemClock.now())

const photos = folderPhotoStore(config.server.photosDir)
const app = createApp({ db, clock: systemClock, config, socketAddress: (c) => getConnInfo(c).remote.address, photos })
releaseStartupGarbage()
serve({ fetch: app.fetch, port: config.server.port, hostname: config.server.host }, () => console.log([`Sigap listening on ${config.origin} (port ${config.server.port})`, ...demoBanner].join('\n')))
// The same sweep as the Worker's cron trigger, on the same cron, in this process.
const mailer = config.alerts.smtp ? smtpMailer(config.alerts.smtp) : undefined
startScheduler(sweepCron, () => runSweep(db, config, systemClock.now(), fetch, photos, mailer), { onError: (err) => console.error(`sweep failed: ${err instanceof Error ? err.name : 'error'}`) })
// The daily backup (SIGAP_BACKUP_DIR), made by a child process so that serving never waits on it.
scheduleBackups(db, config, systemClock)
