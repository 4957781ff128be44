import type { BackupStatus } from '../../../worker/db/queries/backups'
import type { BackupHealth } from '../../../worker/domain/backups'
import { formatDateTime } from '../../../worker/domain/format'
import type { unreachableRungs } from '../../../worker/domain/escalation'
import { LadderWarnings } from '../../components/LadderWarnings'
import { AdminNav } from './AdminNav'

export type AdminHomeProps = { backup: BackupStatus & { health: BackupHealth }; zone: string; unreachable: ReturnType<typeof unreachableRungs> }

/** The admin's landing page: what needs the admin's attention before anything breaks. */
export function AdminHomePage(props: AdminHomeProps) {
  const b = props.backup
  const last = b.okAt !== null && (
    <>
      Cadangan terakhir {formatDateTime(b.okAt, props.zone)} ({b.okName}, {((b.okBytes ?? 0) / 1e6).toFixed(1)} MB).
    </>
  )
  return (
    <>
      <AdminNav current="/admin" />
      <h1>Beranda admin</h1>
      <LadderWarnings problems={props.unreachable} link />
      <section aria-labelledby="backup-heading">
        <h2 id="backup-heading">Cadangan data</h2>
        {b.health === 'ok' && <p class="notice">{last}</p>}
        {b.health === 'stale' && <p class="notice bad">Cadangan semalam tidak terbuat. {last} Periksa kotak masuk dan log server.</p>}
        {b.health === 'none' && <p class="notice bad">Belum ada cadangan yang berhasil sejak pencadangan terjadwal diaktifkan.</p>}
        {b.health === 'unscheduled' && (
          <p class="notice bad">
            Pencadangan terjadwal belum diatur: isi <code>SIGAP_BACKUP_DIR</code> di server (README, bagian Backups), atau jalankan <code>npm run backup</code> setiap hari.
          </p>
        )}
        {b.error && b.triedAt !== null && (b.okAt === null || b.triedAt > b.okAt) && (
          <p class="notice bad">
            Percobaan terakhir {formatDateTime(b.triedAt, props.zone)} gagal: {b.error}
          </p>
        )}
      </section>
    </>
  )
}
