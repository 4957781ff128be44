import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { alertChannelNames, whatsappStatuses } from '../domain/channels'
import { reporterPurposes } from '../domain/reporter-messages'
import { cases, users } from './schema-core'
import { referrals } from './schema-handling'
import { waConversations } from './schema-whatsapp'

// The 24-hour clock: escalation ladder, escalations, the in-app inbox and the delivery outbox.
// Times are UTC epoch milliseconds, as everywhere.

/**
 * The escalation ladder an admin edits. Rung 0 is the reminder before the target (at
 * `target_percent` of it); rung n ≥ 1 starts `after_hours` after rung n−1 (rung 1: after the target).
 * `roles` and `user_ids` are JSON arrays: who stands on the rung besides the assigned facilitator.
 */
export const escalationRungs = sqliteTable('escalation_rungs', {
  rung: integer('rung').primaryKey(),
  label: text('label').notNull(),
  afterHours: integer('after_hours').notNull().default(0),
  targetPercent: integer('target_percent'),
  notifyAssignee: integer('notify_assignee', { mode: 'boolean' }).notNull().default(false),
  roles: text('roles').notNull().default('[]'),
  userIds: text('user_ids').notNull().default('[]'),
})

/** One row per case and rung reached, ever: the unique key is what makes a rung happen once. */
export const escalations = sqliteTable(
  'escalations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').notNull().references(() => cases.id),
    rung: integer('rung').notNull(),
    recordedAt: integer('recorded_at').notNull(),
    // The sweep chunk that inserted the row: later statements of the same batch act only on its rows.
    runId: text('run_id').notNull(),
  },
  (t) => [uniqueIndex('escalations_case_rung').on(t.caseId, t.rung), index('escalations_by_run').on(t.runId)],
)

/** Daily digests sent, one per local day: the key that makes the 07:00 summary happen once. */
export const digests = sqliteTable('digests', {
  day: text('day').primaryKey(),
  createdAt: integer('created_at').notNull(),
  runId: text('run_id').notNull(),
  // JSON figures (open, overdue by kelurahan and category, handled within target) as sent.
  figures: text('figures').notNull(),
})

/** The in-app inbox: one row per person and thing to know (an escalation, a digest, a failed delivery). */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id),
    kind: text('kind', { enum: ['pengingat', 'eskalasi', 'ringkasan', 'gagal_kirim', 'jawaban_mitra', 'gagal_cadangan', 'jawaban_tamu', 'tenggat_mitra', 'penampakan'] }).notNull(),
    caseId: integer('case_id').references(() => cases.id),
    rung: integer('rung'),
    digestDay: text('digest_day'),
    note: text('note'),
    // Urgent cases break through quiet hours.
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    readAt: integer('read_at'),
    // An escalation is a question to a person: their answer, and when (issue 20).
    acknowledgement: text('acknowledgement', { enum: ['dilihat', 'ditangani'] }),
    acknowledgedAt: integer('acknowledged_at'),
    runId: text('run_id').notNull(),
    dedupeKey: text('dedupe_key').notNull().unique(),
  },
  (t) => [
    index('alerts_by_user').on(t.userId, t.readAt, t.createdAt),
    index('alerts_by_run').on(t.runId),
    // The dashboard's "not answered yet" list reads only these.
    index('alerts_unanswered').on(t.createdAt).where(sql`kind = 'eskalasi' AND acknowledgement IS NULL`),
  ],
)

/**
 * Messages to send outside the app, written in the same transaction as the alert, sent later with
 * retries; the row id is the idempotency key of every attempt.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id').notNull().references(() => alerts.id),
    channel: text('channel', { enum: alertChannelNames }).notNull(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    claimId: text('claim_id'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    // What WhatsApp said of it afterwards (status webhooks, issue 20): a later status never goes back.
    remoteStatus: text('remote_status', { enum: whatsappStatuses }),
    remoteStatusAt: integer('remote_status_at'),
  },
  (t) => [uniqueIndex('outbox_alert_channel').on(t.alertId, t.channel), index('outbox_due').on(t.status, t.nextAttemptAt), index('outbox_by_claim').on(t.claimId)],
)

/** What a user wants beyond the inbox, and when not to be disturbed (local 'HH:MM'). */
export const alertPreferences = sqliteTable('alert_preferences', {
  userId: integer('user_id').primaryKey().references(() => users.id),
  whatsapp: integer('whatsapp', { mode: 'boolean' }).notNull().default(false),
  email: integer('email', { mode: 'boolean' }).notNull().default(false),
  webhook: integer('webhook', { mode: 'boolean' }).notNull().default(false),
  push: integer('push', { mode: 'boolean' }).notNull().default(false),
  quietStart: text('quiet_start'),
  quietEnd: text('quiet_end'),
})

/**
 * A browser that allowed notifications (Web Push, RFC 8030): its push service's endpoint and the
 * keys that encrypt messages to it (RFC 8291). One person may have several (a phone, an office PC).
 */
export const pushSubscriptions = sqliteTable(
  'push_subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    // What the browser said it is ("Chrome di Android"), so a person can tell their devices apart.
    device: text('device').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('push_subscriptions_by_user').on(t.userId)],
)

/**
 * Messages to a reporter (issues 20 and 21): the acknowledgement of a WhatsApp message, the ticket,
 * a referral, the close with its survey link, a refusal. Written in the batch that causes them and
 * sent by the delivery job; the reporter is no staff account, so these are not outbox rows. The
 * number is read at send time (the conversation's sender, else the case's reporter phone), never
 * copied. `dedupe_key` makes each reply go once: per conversation and purpose, per case and purpose,
 * per referral for `dirujuk`; `survei` (issue 20) and `selesai` share one key, so one close message.
 */
export const reporterMessages = sqliteTable(
  'reporter_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id').references(() => cases.id),
    conversationId: integer('conversation_id').references(() => waConversations.id),
    referralId: integer('referral_id').references(() => referrals.id),
    purpose: text('purpose', { enum: reporterPurposes }).notNull(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    claimId: text('claim_id'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    // Free text inside the 24-hour window or an approved template outside it, as decided at the send.
    sentAs: text('sent_as', { enum: ['teks', 'template'] }),
    // What WhatsApp said of it afterwards (status webhooks): a later status never goes back.
    remoteStatus: text('remote_status', { enum: whatsappStatuses }),
    remoteStatusAt: integer('remote_status_at'),
  },
  (t) => [
    index('reporter_messages_by_case').on(t.caseId),
    index('reporter_messages_by_conversation').on(t.conversationId),
    index('reporter_messages_due').on(t.status, t.nextAttemptAt),
    index('reporter_messages_by_claim').on(t.claimId),
    check('reporter_messages_recipient', sql`case_id IS NOT NULL OR conversation_id IS NOT NULL`),
  ],
)
