import { sql } from 'drizzle-orm'
import type { Db } from '../../worker/db/client'
import { cases } from '../../worker/db/schema'
import { kelurahanA } from './app'

const HOUR = 3_600_000
let serial = 0

/** A case stored directly (no intake form): received `hoursAgo` before `now`, due 24 hours after receipt unless told. */
export async function insertCase(
  db: Db,
  input: { now: number; hoursAgo: number; targetHours?: number; status?: string; assignedTo?: number | null; urgency?: string; resolvedAt?: number | null; handleMinutes?: number; kelurahan?: string; categoryId?: number; channel?: string; laporId?: string | null },
) {
  const receivedAt = input.now - Math.round(input.hoursAgo * HOUR)
  const [{ id: categoryId }] = input.categoryId ? [{ id: input.categoryId }] : ((await db.all(sql`SELECT id FROM categories ORDER BY id LIMIT 1`)) as { id: number }[])
  const n = ++serial
  const [row] = await db
    .insert(cases)
    .values({
      ticket: `T-${n}-${Math.random().toString(36).slice(2, 6)}`,
      idempotencyKey: `idem-${n}-${Math.random()}`,
      status: input.status ?? (input.assignedTo ? 'ditugaskan' : 'baru'),
      channel: input.channel ?? 'telepon',
      categoryId: categoryId!,
      urgency: input.urgency ?? 'biasa',
      kelurahanCode: input.kelurahan ?? kelurahanA,
      address: 'Jl. Uji',
      description: 'Uji',
      reporterName: 'Pelapor',
      reporterRelation: 'tetangga',
      personName: 'Orang',
      personAgeGroup: 'dewasa',
      personSex: 'L',
      dtksStatus: 'tidak_diketahui',
      receivedAt,
      dueAt: receivedAt + (input.targetHours ?? 24) * HOUR,
      resolvedAt: input.resolvedAt ?? null,
      handleMinutes: input.handleMinutes ?? null,
      assignedTo: input.assignedTo ?? null,
      laporId: input.laporId ?? null,
      updatedAt: receivedAt,
    })
    .returning()
  return row!
}
