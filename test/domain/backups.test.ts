import { describe, expect, it } from 'vitest'
import { backupName, backupTimeOf, backupsToKeep, isBackupDue } from '../../worker/domain/backups'

const zone = 'Asia/Pontianak' // UTC+7
const at = (iso: string) => Date.parse(iso)
const hour = 3_600_000

describe('backup names', () => {
  it('carry their UTC time to the second and read back', () => {
    const t = at('2026-12-06T19:00:05Z')
    expect(backupName(t)).toBe('sigap-2026-12-06T19-00-05Z')
    expect(backupTimeOf(backupName(t))).toBe(t)
  })

  it('refuse anything else: a partial copy, an impossible date, another file', () => {
    expect(backupTimeOf('sigap-2026-12-06T19-00-05Z.partial')).toBeNull()
    expect(backupTimeOf('sigap-2026-02-30T19-00-05Z')).toBeNull()
    expect(backupTimeOf('manifest.json')).toBeNull()
  })
})

describe('backup rotation', () => {
  it('keeps the newest of each of the last 7 local days and of the last 4 weeks', () => {
    // Two backups a day (02:00 and 14:00 WIB) for 60 days up to Sunday 6 December 2026.
    const times: number[] = []
    for (let d = 0; d < 60; d++) for (const h of [19, 7]) times.push(at('2026-12-06T07:00:00Z') - d * 24 * hour - (h === 19 ? 12 * hour : 0))
    const kept = [...backupsToKeep(times, zone, { daily: 7, weekly: 4 })].sort((a, b) => b - a).map((t) => backupName(t))
    expect(kept).toEqual([
      // Daily: 6 Dec back to 30 Nov, the 14:00 WIB copy of each day.
      'sigap-2026-12-06T07-00-00Z',
      'sigap-2026-12-05T07-00-00Z',
      'sigap-2026-12-04T07-00-00Z',
      'sigap-2026-12-03T07-00-00Z',
      'sigap-2026-12-02T07-00-00Z',
      'sigap-2026-12-01T07-00-00Z',
      'sigap-2026-11-30T07-00-00Z',
      // Weekly (weeks start on Monday): the newest of the weeks before, Sundays 29, 22 and 15 November.
      'sigap-2026-11-29T07-00-00Z',
      'sigap-2026-11-22T07-00-00Z',
      'sigap-2026-11-15T07-00-00Z',
    ])
  })

  it('cuts days at local midnight, not UTC midnight', () => {
    // 23:30 WIB on 5 Dec and 00:30 WIB on 6 Dec fall on the same UTC day but on two local days.
    const late = at('2026-12-05T16:30:00Z')
    const early = at('2026-12-05T17:30:00Z')
    expect(backupsToKeep([late, early], zone, { daily: 2, weekly: 0 })).toEqual(new Set([late, early]))
    expect(backupsToKeep([late, early], 'UTC', { daily: 2, weekly: 0 })).toEqual(new Set([early]))
  })
})

describe('when the daily backup is due', () => {
  const none = { okAt: null, triedAt: null }

  it('waits for the configured local hour', () => {
    expect(isBackupDue(at('2026-12-06T18:59:00Z'), zone, 2, none)).toBe(false) // 01:59 WIB
    expect(isBackupDue(at('2026-12-06T19:00:00Z'), zone, 2, none)).toBe(true) // 02:00 WIB
  })

  it('runs once a local day, and catches up after a server that was down at that hour', () => {
    const done = at('2026-12-06T19:05:00Z') // 02:05 WIB on 7 December
    expect(isBackupDue(at('2026-12-07T10:00:00Z'), zone, 2, { okAt: done, triedAt: done })).toBe(false)
    expect(isBackupDue(at('2026-12-07T19:00:00Z'), zone, 2, { okAt: done, triedAt: done })).toBe(true)
    // Down all of 8 December's early hours: due when it comes back at 15:00 WIB.
    expect(isBackupDue(at('2026-12-08T08:00:00Z'), zone, 2, { okAt: done, triedAt: done })).toBe(true)
  })

  it('tries a failed backup again after an hour, not at every tick', () => {
    const failed = { okAt: null, triedAt: at('2026-12-06T19:00:00Z') }
    expect(isBackupDue(at('2026-12-06T19:55:00Z'), zone, 2, failed)).toBe(false)
    expect(isBackupDue(at('2026-12-06T20:00:00Z'), zone, 2, failed)).toBe(true)
  })

  it('still runs at the hour when a manual backup was made earlier that night', () => {
    const manual = at('2026-12-06T18:00:00Z') // 01:00 WIB
    expect(isBackupDue(at('2026-12-06T19:00:00Z'), zone, 2, { okAt: manual, triedAt: manual })).toBe(true)
  })
})
