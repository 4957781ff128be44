import type { Db } from '../db/client'
import { purgeClosedCases, readRetentionYears } from '../db/queries/privacy'
import { parseRetentionYears, retentionCutoff } from '../domain/retention'

// Small chunks keep each batch well under the 5 s libSQL transaction slot (SECURITY.md B9); the
// next tick continues where this one stopped.
const chunk = 200
const maxChunksPerRun = 10

/** Purges the personal fields of closed cases past the retention period; returns how many cases. */
export async function purgeExpired(db: Db, now: number): Promise<{ purged: number }> {
  const years = parseRetentionYears(await readRetentionYears(db))
  const cutoff = retentionCutoff(now, years)
  let purged = 0
  for (let i = 0; i < maxChunksPerRun; i++) {
    const ids = await purgeClosedCases(db, { cutoff, now, limit: chunk, retentionYears: years })
    purged += ids.length
    if (ids.length < chunk) break
  }
  return { purged }
}
