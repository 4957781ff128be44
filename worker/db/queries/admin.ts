import type { InStatement } from '@libsql/client'
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { AgencyProfile, CategoryInput, Officer, UserInput } from '../../domain/admin-forms'
import { letterheadLines, profileKeys } from '../../domain/admin-forms'
import { replyLanguageKey, replyTemplates, type ReplyPurpose } from '../../domain/reporter-messages'
import type { Rung } from '../../domain/escalation'
import { letterSettings, type LetterSetting } from '../../domain/letter'
import type { ImportedCase, ImportedUser } from '../../domain/import'
import { importTicket } from '../../domain/import'
import { statement, writeBatch } from '../batch'
import type { Db } from '../client'
import { audit } from './audit'
import { rungRow } from './sweep'
import { categories, escalationRungs, holidays, importUploads, kecamatan, kelurahan, sessions, settings, userKelurahan, users } from '../schema'

/** Who made an admin change, and when: every change writes one audit row in the same batch. */
export type Actor = { actorId: number; now: number }

// ---- Users ----

const userColumns = { id: users.id, username: users.username, displayName: users.displayName, role: users.role, phone: users.phone, email: users.email, active: users.active, mustChangePassword: users.mustChangePassword, nip: users.nip, position: users.position, rank: users.rank }

export type AdminUser = { id: number; username: string; displayName: string; role: string; phone: string | null; email: string | null; active: boolean; mustChangePassword: boolean; kelurahan: string[] } & Officer

export async function listUsers(db: Db): Promise<AdminUser[]> {
  const [rows, areas] = await db.batch([
    db.select(userColumns).from(users).orderBy(asc(users.role), asc(users.username)),
    db.select().from(userKelurahan).orderBy(asc(userKelurahan.userId), asc(userKelurahan.kelurahanCode)),
  ])
  const byUser = new Map<number, string[]>()
  for (const a of areas) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a.kelurahanCode])
  return rows.map((u) => ({ ...u, kelurahan: byUser.get(u.id) ?? [] }))
}

export async function findUser(db: Db, id: number): Promise<AdminUser | undefined> {
  const [rows, areas] = await db.batch([
    db.select(userColumns).from(users).where(eq(users.id, id)),
    db.select({ code: userKelurahan.kelurahanCode }).from(userKelurahan).where(eq(userKelurahan.userId, id)).orderBy(asc(userKelurahan.kelurahanCode)),
  ])
  return rows[0] && { ...rows[0], kelurahan: areas.map((a) => a.code) }
}

export async function usernamesTaken(db: Db, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set()
  const rows = await db.select({ username: users.username }).from(users).where(inArray(users.username, names))
  return new Set(rows.map((r) => r.username))
}

export async function allUsernames(db: Db): Promise<Set<string>> {
  return new Set((await db.select({ username: users.username }).from(users)).map((r) => r.username))
}

/** What the audit keeps of a user: no password hash. */
function userSnapshot(u: Omit<UserInput, 'username' | keyof Officer> & Partial<Officer> & { username?: string; active?: boolean }) {
  return { username: u.username, displayName: u.displayName, role: u.role, phone: u.phone, email: u.email, kelurahan: u.kelurahan, active: u.active, nip: u.nip, position: u.position, rank: u.rank }
}

// A kelurahan newly given to a facilitator puts them last in line behind those already there.
const addCoverage = (userIdSql: ReturnType<typeof sql>, code: string) =>
  sql`INSERT INTO user_kelurahan (user_id, kelurahan_code, priority)
      SELECT ${userIdSql}, ${code}, COALESCE((SELECT MAX(priority) + 1 FROM user_kelurahan WHERE kelurahan_code = ${code}), 0)
      WHERE NOT EXISTS (SELECT 1 FROM user_kelurahan WHERE user_id = ${userIdSql} AND kelurahan_code = ${code})`

// An imported list has no NIP or position columns: those are typed on the user's page.
const officerOf = (input: UserInput | Omit<ImportedUser, 'line'>): Officer => ('nip' in input ? { nip: input.nip, position: input.position, rank: input.rank } : { nip: null, position: null, rank: null })

/**
 * Creates users with temporary passwords that must be changed at first sign-in, their kelurahan
 * and one audit row each, in one batch. A username taken meanwhile fails the whole batch.
 */
export async function createUsers(db: Db, actor: Actor, entries: { input: Omit<ImportedUser, 'line'> | UserInput; passwordHash: string }[], action = 'admin.user.create'): Promise<Map<string, number>> {
  const queries = entries.flatMap(({ input, passwordHash }) => {
    const idOf = sql`(SELECT id FROM users WHERE username = ${input.username})`
    return [
      db.insert(users).values({ username: input.username, displayName: input.displayName, role: input.role as AdminUser['role'] as never, phone: input.phone, email: input.email, ...officerOf(input), passwordHash, mustChangePassword: true, createdAt: actor.now }),
      ...input.kelurahan.map((code) => addCoverage(idOf, code)),
      sql`INSERT INTO audit_log (at, actor_id, action, detail) SELECT ${actor.now}, ${actor.actorId}, ${action},
          json_object('user', id, 'after', json(${JSON.stringify(userSnapshot({ ...input, active: true }))})) FROM users WHERE username = ${input.username}`,
    ]
  })
  if (queries.length > 0) await writeBatch(db, queries)
  const created = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, entries.map((e) => e.input.username)))
  return new Map(created.map((u) => [u.username, u.id]))
}

/** Saves the user form: details, role and the kelurahan covered (kept ones keep their place in line). */
export async function updateUser(db: Db, actor: Actor, before: AdminUser, input: UserInput) {
  const removed = before.kelurahan.filter((code) => !input.kelurahan.includes(code))
  await writeBatch(db, [
    db.update(users).set({ displayName: input.displayName, role: input.role as never, phone: input.phone, email: input.email, ...officerOf(input) }).where(eq(users.id, before.id)),
    ...(removed.length > 0 ? [db.delete(userKelurahan).where(and(eq(userKelurahan.userId, before.id), inArray(userKelurahan.kelurahanCode, removed)))] : []),
    ...input.kelurahan.map((code) => addCoverage(sql`${before.id}`, code)),
    audit(db, actor, 'admin.user.update', { user: before.id, before: userSnapshot(before), after: userSnapshot({ ...input, active: before.active }) }),
  ])
}

/** Disabling ends every session of the user at once; enabling lets them sign in again. */
export async function setUserActive(db: Db, actor: Actor, user: AdminUser, active: boolean) {
  await writeBatch(db, [
    db.update(users).set({ active }).where(eq(users.id, user.id)),
    ...(active ? [] : [db.delete(sessions).where(eq(sessions.userId, user.id))]),
    audit(db, actor, active ? 'admin.user.enable' : 'admin.user.disable', { user: user.id, before: { active: user.active }, after: { active } }),
  ])
}

/** A temporary password set by an admin: sessions end, and the next sign-in must choose a new one. */
export async function resetPassword(db: Db, actor: Actor, userId: number, passwordHash: string) {
  await writeBatch(db, [
    db.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, userId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    audit(db, actor, 'admin.user.reset_password', { user: userId, after: { mustChangePassword: true } }),
  ])
}

export function findPasswordHash(db: Db, userId: number) {
  return db.select({ passwordHash: users.passwordHash, username: users.username, displayName: users.displayName }).from(users).where(eq(users.id, userId)).get()
}

/** A user's own new password; their other sessions end (a stolen session does not survive it). */
export async function changeOwnPassword(db: Db, actor: Actor, keepSessionId: string, passwordHash: string) {
  await writeBatch(db, [
    db.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, actor.actorId)),
    db.delete(sessions).where(and(eq(sessions.userId, actor.actorId), ne(sessions.id, keepSessionId))),
    audit(db, actor, 'user.password_change', { user: actor.actorId }),
  ])
}

// ---- Kelurahan coverage ----

export async function listCoverage(db: Db) {
  return db
    .select({ code: kelurahan.code, name: kelurahan.name, kecamatanName: kecamatan.name, userId: users.id, displayName: users.displayName, username: users.username, active: users.active, role: users.role, priority: userKelurahan.priority })
    .from(kelurahan)
    .innerJoin(kecamatan, eq(kecamatan.code, kelurahan.kecamatanCode))
    .leftJoin(userKelurahan, eq(userKelurahan.kelurahanCode, kelurahan.code))
    .leftJoin(users, eq(users.id, userKelurahan.userId))
    .orderBy(asc(kecamatan.name), asc(kelurahan.name), asc(userKelurahan.priority), asc(userKelurahan.userId))
}

/** Puts `userId` first in line for new cases of `code`, the others keeping their order behind. */
export async function makeFirstInLine(db: Db, actor: Actor, code: string, userId: number) {
  const rows = await db.select().from(userKelurahan).where(eq(userKelurahan.kelurahanCode, code)).orderBy(asc(userKelurahan.priority), asc(userKelurahan.userId))
  if (!rows.some((r) => r.userId === userId)) return false
  const order = [userId, ...rows.map((r) => r.userId).filter((id) => id !== userId)]
  await writeBatch(db, [
    ...order.map((id, priority) => db.update(userKelurahan).set({ priority }).where(and(eq(userKelurahan.kelurahanCode, code), eq(userKelurahan.userId, id)))),
    audit(db, actor, 'admin.kelurahan.first_in_line', { kelurahan: code, before: rows.map((r) => r.userId), after: order }),
  ])
  return true
}

// ---- Categories ----

export function findCategory(db: Db, id: number) {
  return db.select().from(categories).where(eq(categories.id, id)).get()
}

export async function categoryCodeTaken(db: Db, code: string, exceptId?: number) {
  const row = await db.select({ id: categories.id }).from(categories).where(eq(categories.code, code)).get()
  return row !== undefined && row.id !== exceptId
}

export async function createCategory(db: Db, actor: Actor, input: CategoryInput) {
  await writeBatch(db, [
    db.insert(categories).values(input),
    sql`INSERT INTO audit_log (at, actor_id, action, detail) SELECT ${actor.now}, ${actor.actorId}, 'admin.category.create',
        json_object('category', id, 'after', json(${JSON.stringify(input)})) FROM categories WHERE code = ${input.code}`,
  ])
}

export async function updateCategory(db: Db, actor: Actor, before: typeof categories.$inferSelect, input: Partial<CategoryInput>, action = 'admin.category.update') {
  await writeBatch(db, [db.update(categories).set(input).where(eq(categories.id, before.id)), audit(db, actor, action, { category: before.id, before, after: { ...before, ...input } })])
}

// ---- Agency profile and holidays ----

export async function saveProfile(db: Db, actor: Actor, before: Map<string, string>, profile: AgencyProfile, letter: Record<LetterSetting, string>, templates: Record<ReplyPurpose | 'language', string>) {
  const next: Record<string, string> = {
    ...Object.fromEntries(Object.entries(replyTemplates).map(([purpose, { key }]) => [key, templates[purpose as ReplyPurpose]])),
    [replyLanguageKey]: templates.language,
    ...Object.fromEntries(Object.entries(letterSettings).map(([name, { key }]) => [key, letter[name as LetterSetting]])),
    [profileKeys.name]: profile.name,
    ...Object.fromEntries(Object.entries(letterheadLines).map(([line, { key }]) => [key, profile.letterhead[line as keyof typeof letterheadLines]])),
    [profileKeys.hotline]: profile.hotline,
    [profileKeys.zone]: profile.zone,
    [profileKeys.officeHours]: JSON.stringify(profile.officeHours),
  }
  const beforeValues = Object.fromEntries(Object.keys(next).map((k) => [k, before.get(k) ?? null]))
  await writeBatch(db, [
    ...Object.entries(next).map(([key, value]) => db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } })),
    audit(db, actor, 'admin.profile.update', { before: beforeValues, after: next }),
  ])
}

export function listHolidays(db: Db) {
  return db.select().from(holidays).orderBy(desc(holidays.date))
}

export async function addHoliday(db: Db, actor: Actor, holiday: { date: string; name: string }) {
  const before = await db.select().from(holidays).where(eq(holidays.date, holiday.date)).get()
  await writeBatch(db, [
    db.insert(holidays).values(holiday).onConflictDoUpdate({ target: holidays.date, set: { name: holiday.name } }),
    audit(db, actor, 'admin.holiday.save', { before: before ?? null, after: holiday }),
  ])
}

export async function removeHoliday(db: Db, actor: Actor, date: string) {
  const before = await db.select().from(holidays).where(eq(holidays.date, date)).get()
  if (!before) return
  await writeBatch(db, [db.delete(holidays).where(eq(holidays.date, date)), audit(db, actor, 'admin.holiday.delete', { before, after: null })])
}

// ---- Escalation ladder ----

/** Replaces the whole ladder at once, so the sweep never reads half of an edit. */
export async function saveLadder(db: Db, actor: Actor, before: Rung[], ladder: Rung[]) {
  await writeBatch(db, [
    db.delete(escalationRungs),
    ...ladder.map((r) => db.insert(escalationRungs).values(rungRow(r))),
    audit(db, actor, 'admin.ladder.update', { before, after: ladder }),
  ])
}

/** Every account as the ladder's reachability needs it (issue 17): who, whether active, which channels. */
/**
 * Everyone who may stand on a rung, with the contacts that work: a number whose latest WhatsApp
 * message WhatsApp reported failed (no WhatsApp on it, blocked) counts as no number.
 */
export function listLadderPeople(db: Db) {
  const whatsappFailed = sql`(SELECT o.remote_status FROM outbox o JOIN alerts a ON a.id = o.alert_id
    WHERE a.user_id = ${users.id} AND o.channel = 'whatsapp' AND o.remote_status IS NOT NULL
    ORDER BY o.remote_status_at DESC, o.id DESC LIMIT 1) = 'failed'`
  return db
    .select({ id: users.id, role: users.role, active: users.active, phone: sql<string | null>`CASE WHEN ${whatsappFailed} THEN NULL ELSE ${users.phone} END`, email: users.email })
    .from(users)
}

export function listStaff(db: Db) {
  return db.select({ id: users.id, displayName: users.displayName, role: users.role }).from(users).where(eq(users.active, true)).orderBy(asc(users.displayName))
}

// ---- Uploaded files ----

export async function saveUpload(db: Db, actor: Actor, upload: { kind: 'cases' | 'users'; fileName: string; content: string }): Promise<number> {
  const [row] = await db.insert(importUploads).values({ ...upload, uploadedBy: actor.actorId, uploadedAt: actor.now }).returning({ id: importUploads.id })
  return row!.id
}

export function findUpload(db: Db, id: number, kind: 'cases' | 'users') {
  return db.select().from(importUploads).where(and(eq(importUploads.id, id), eq(importUploads.kind, kind))).get()
}

/** Stores an upload's mapping; `remember` also keeps the value mapping for the next file of the same source. */
export async function saveMapping(db: Db, id: number, mapping: string, remember?: { key: string; value: string }) {
  const update = db.update(importUploads).set({ mapping }).where(eq(importUploads.id, id))
  if (!remember) return void (await update)
  await db.batch([update, db.insert(settings).values(remember).onConflictDoUpdate({ target: settings.key, set: { value: remember.value } })])
}

// Rows per INSERT: 16 parameters each keeps a statement well under SQLite's 32,766 variables.
const rowsPerInsert = 500

/**
 * Stores valid rows as closed historical cases, `rowsPerInsert` per multi-row INSERT, all in one
 * write batch with one timeline event per case and one audit row. The idempotency key makes a
 * re-import insert nothing. Returns how many cases were new.
 */
export async function importCases(db: Db, actor: Actor, uploadId: number, rows: (ImportedCase & { dueAt: number })[]): Promise<number> {
  if (rows.length === 0) return 0
  const statements: InStatement[] = []
  const insertIndexes: number[] = []
  for (let i = 0; i < rows.length; i += rowsPerInsert) {
    const chunk = rows.slice(i, i + rowsPerInsert)
    const args: (string | number | null)[] = []
    const values = chunk.map((r) => {
      args.push(importTicket(r.key), r.key, r.categoryId, r.kelurahanCode, r.address, r.description, r.reporterName, r.reporterPhone, r.personName, r.personNik, r.receivedAt, r.dueAt, r.closedAt, r.closedAt, actor.actorId, actor.now)
      return `(?, ?, 'ditutup', 'lainnya', ?, 'biasa', ?, ?, ?, ?, ?, 'lainnya', ?, ?, 'tidak_diketahui', 'tidak_diketahui', 'tidak_diketahui', ?, ?, ?, ?, ?, 1, ?)`
    })
    insertIndexes.push(statements.length)
    statements.push({
      sql: `INSERT INTO cases (ticket, idempotency_key, status, channel, category_id, urgency, kelurahan_code, address, description, reporter_name,
              reporter_phone, reporter_relation, person_name, person_nik, person_age_group, person_sex, dtks_status, received_at, due_at,
              resolved_at, closed_at, created_by, version, updated_at)
            VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
      args,
    })
    // changes() is the row count of the INSERT just before: the file's tally in the same transaction.
    statements.push({ sql: 'UPDATE import_uploads SET imported_count = imported_count + changes() WHERE id = ?', args: [uploadId] })
    const eventArgs: (string | number | null)[] = []
    for (const r of chunk) eventArgs.push(r.key, r.outcome)
    statements.push({
      sql: `WITH v(key, note) AS (VALUES ${chunk.map(() => '(?, ?)').join(', ')})
            INSERT INTO case_events (case_id, at, actor_id, kind, to_status, note)
            SELECT c.id, c.closed_at, ?, 'diimpor', 'ditutup', v.note FROM v JOIN cases c ON c.idempotency_key = v.key
            WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'diimpor')`,
      args: [...eventArgs, actor.actorId],
    })
  }
  statements.push(statement(sql`UPDATE import_uploads SET imported_at = ${actor.now} WHERE id = ${uploadId}`))
  statements.push(statement(audit(db, actor, 'admin.import.cases', { upload: uploadId, rows: rows.length, lines: [rows[0]!.line, rows[rows.length - 1]!.line] })))
  const results = await db.$client.batch(statements, 'write')
  const inserted = insertIndexes.reduce((sum, i) => sum + results[i]!.rowsAffected, 0)
  return inserted
}

export function recentUploads(db: Db, kind: 'cases' | 'users') {
  return db
    .select({ id: importUploads.id, fileName: importUploads.fileName, uploadedAt: importUploads.uploadedAt, importedCount: importUploads.importedCount })
    .from(importUploads)
    .where(eq(importUploads.kind, kind))
    .orderBy(desc(importUploads.uploadedAt))
    .limit(10)
}

/** Claims a users file for import: false when it was imported already (a double submit). */
export async function claimUserUpload(db: Db, id: number, now: number): Promise<boolean> {
  const result = await db.$client.execute({ sql: 'UPDATE import_uploads SET imported_at = ? WHERE id = ? AND imported_at IS NULL', args: [now, id] })
  return result.rowsAffected === 1
}

export async function setImportedCount(db: Db, id: number, count: number) {
  await db.update(importUploads).set({ importedCount: count }).where(eq(importUploads.id, id))
}
