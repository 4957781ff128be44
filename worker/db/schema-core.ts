import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { roles } from '../domain/access'

// Times are UTC epoch milliseconds everywhere; views convert to the deployment's zone.

export const provinces = sqliteTable('provinces', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
})

export const regencies = sqliteTable('regencies', {
  code: text('code').primaryKey(),
  provinceCode: text('province_code').notNull().references(() => provinces.code),
  name: text('name').notNull(),
})

export const kecamatan = sqliteTable('kecamatan', {
  code: text('code').primaryKey(),
  regencyCode: text('regency_code').notNull().references(() => regencies.code),
  name: text('name').notNull(),
})

export const kelurahan = sqliteTable('kelurahan', {
  code: text('code').primaryKey(),
  kecamatanCode: text('kecamatan_code').notNull().references(() => kecamatan.code),
  name: text('name').notNull(),
})

export const categories = sqliteTable('categories', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  groupName: text('group_name'),
  targetHours: integer('target_hours').notNull().default(24),
  clock: text('clock', { enum: ['calendar', 'working'] }).notNull().default('calendar'),
  defaultUrgency: text('default_urgency').notNull().default('biasa'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  sort: integer('sort').notNull().default(0),
})

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  passwordHash: text('password_hash').notNull(),
  phone: text('phone'),
  email: text('email'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  // Set by an admin's reset (a temporary password): the next sign-in must choose a new one.
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  // Printed on the surat tugas: NIP (18 digits, civil servants only), jabatan, pangkat/golongan.
  nip: text('nip'),
  position: text('position'),
  rank: text('rank'),
})

/** Which kelurahan a facilitator covers; the lowest priority number is first in line for new cases. */
export const userKelurahan = sqliteTable(
  'user_kelurahan',
  {
    userId: integer('user_id').notNull().references(() => users.id),
    kelurahanCode: text('kelurahan_code').notNull().references(() => kelurahan.code),
    priority: integer('priority').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kelurahanCode] }), index('user_kelurahan_by_area').on(t.kelurahanCode, t.priority)],
)

export const sessions = sqliteTable(
  'sessions',
  {
    // SHA-256 of the cookie token: a leaked database does not leak live sessions.
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    // Set once the second factor was given (schema-privacy.ts); roles that need one wait at /2fa until then.
    secondFactorAt: integer('second_factor_at'),
  },
  (t) => [index('sessions_by_user').on(t.userId)],
)

export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: integer('window_start').notNull(),
  blockedUntil: integer('blocked_until').notNull().default(0),
})

/** Sequences for human-friendly numbers (tickets per month, letters per year). */
export const counters = sqliteTable('counters', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
})

/**
 * A person a case is about (issue 23): one person across several reports, often without a KTP. An
 * unknown person has a placeholder name the staff chose ("Tn. X Pasar Flamboyan") and is matched
 * by features, place and time until the identity is established. A merged person points to the one
 * it became (`merged_into`) and keeps its own fields, so a merge can be undone exactly.
 */
export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    identityKnown: integer('identity_known', { mode: 'boolean' }).notNull().default(false),
    // domain/person-match.ts nameKey: titles, spacing and old spellings left out; '' for an unknown person.
    nameKey: text('name_key').notNull().default(''),
    aliases: text('aliases'),
    nik: text('nik'),
    birthDate: text('birth_date'),
    // From the birth date, or from an estimated age (now − age): what matching compares.
    birthYear: integer('birth_year'),
    sex: text('sex').notNull().default('tidak_diketahui'),
    origin: text('origin'),
    familyContacts: text('family_contacts'),
    features: text('features'),
    // A case_photos row of one of their cases: the photo has that case's scope, audit and retention.
    photoId: integer('photo_id'),
    mergedInto: integer('merged_into'),
    // The intake that created the person: a double-submitted form creates one person.
    intakeKey: text('intake_key').unique(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    version: integer('version').notNull().default(1),
    purgedAt: integer('purged_at'),
  },
  (t) => [index('people_by_nik').on(t.nik), index('people_by_name_key').on(t.nameKey, t.birthYear), index('people_by_merged').on(t.mergedInto)],
)

export const cases = sqliteTable(
  'cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticket: text('ticket').notNull().unique(),
    // One form render = one key: a double-submitted form creates one case.
    idempotencyKey: text('idempotency_key').notNull().unique(),
    status: text('status').notNull(),
    channel: text('channel').notNull(),
    categoryId: integer('category_id').notNull().references(() => categories.id),
    urgency: text('urgency').notNull(),
    kelurahanCode: text('kelurahan_code').notNull().references(() => kelurahan.code),
    address: text('address').notNull(),
    rt: text('rt'),
    rw: text('rw'),
    landmark: text('landmark'),
    description: text('description').notNull(),
    reporterName: text('reporter_name').notNull(),
    reporterPhone: text('reporter_phone'),
    reporterRelation: text('reporter_relation').notNull(),
    // The person as the report described them; the person record holds what is known now.
    personId: integer('person_id').references(() => people.id),
    personName: text('person_name').notNull(),
    personNik: text('person_nik'),
    personAgeGroup: text('person_age_group').notNull(),
    personSex: text('person_sex').notNull(),
    dtksStatus: text('dtks_status').notNull(),
    receivedAt: integer('received_at').notNull(),
    dueAt: integer('due_at').notNull(),
    overdueAt: integer('overdue_at'),
    resolvedAt: integer('resolved_at'),
    closedAt: integer('closed_at'),
    assignedTo: integer('assigned_to').references(() => users.id),
    // Set at selesai: the outcome (domain/transitions.ts outcomes) and minutes from receipt (the clock stops).
    outcome: text('outcome'),
    // The SP4N-LAPOR! tracking id when the report came through LAPOR! (issue 24); staff copy it from LAPOR!.
    laporId: text('lapor_id'),
    handleMinutes: integer('handle_minutes'),
    // A duplikat case points to the case it repeats.
    duplicateOf: integer('duplicate_of'),
    createdBy: integer('created_by').references(() => users.id),
    // Bumped on every change: a form that carries an older version is stale.
    version: integer('version').notNull().default(1),
    updatedAt: integer('updated_at').notNull(),
    // Set when retention removed the personal fields (UU PDP Pasal 43; domain/retention.ts).
    purgedAt: integer('purged_at'),
    // First time the case reached escalation rung ≥ 2 or was referred (set by triggers; issue 7 recap).
    escalatedAt: integer('escalated_at'),
  },
  (t) => [
    index('cases_open_by_due').on(t.status, t.dueAt),
    index('cases_retention').on(t.purgedAt, t.closedAt),
    index('cases_by_area').on(t.kelurahanCode, t.receivedAt),
    index('cases_by_assignee').on(t.assignedTo, t.status),
    index('cases_by_received').on(t.receivedAt),
    index('cases_by_nik').on(t.personNik),
    index('cases_by_person').on(t.personId, t.receivedAt),
    index('cases_by_reporter_phone').on(t.reporterPhone),
    // Dashboard: the open backlog and the period's handling times read from these alone (issue 7).
    // Partial: only open cases are in it, and the sweep's status search keeps cases_open_by_due.
    index('cases_open_dashboard')
      .on(t.categoryId, t.kelurahanCode, t.assignedTo, t.dueAt, t.status)
      .where(sql`status IN ('baru', 'ditugaskan', 'ditangani', 'dirujuk')`),
    index('cases_handled_dashboard').on(t.resolvedAt, t.handleMinutes, t.categoryId, t.kelurahanCode, t.assignedTo),
    // The dashboard's LAPOR! figures (issue 25): the period's LAPOR! cases alone, not every case received in it.
    index('cases_lapor_dashboard').on(t.receivedAt, t.handleMinutes, t.laporId).where(sql`lapor_id IS NOT NULL`),
  ],
)

export const caseEvents = sqliteTable(
  'case_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    at: integer('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    // The form's key (as for intake): a queued action the phone sends again is found, not saved twice (issue 22).
    idempotencyKey: text('idempotency_key').unique(),
  },
  (t) => [index('case_events_by_case').on(t.caseId, t.at)],
)

/** Who saw and changed personal data (UU PDP 27/2022 Pasal 31). Append-only: triggers refuse UPDATE and DELETE. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    action: text('action').notNull(),
    caseId: integer('case_id').references(() => cases.id),
    detail: text('detail'),
  },
  (t) => [index('audit_by_case').on(t.caseId, t.at), index('audit_by_actor').on(t.actorId, t.at)],
)

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

export const holidays = sqliteTable('holidays', {
  // Local date in the deployment's zone, YYYY-MM-DD: national holidays and cuti bersama.
  date: text('date').primaryKey(),
  name: text('name').notNull(),
})
