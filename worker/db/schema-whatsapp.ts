import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { cases, users } from './schema-core'

// Reports by WhatsApp on the agency's number (issue 21): every inbound message, kept once, grouped
// into one conversation per sender until an operator turns it into a case or turns it away.

export const waConversationStatuses = ['baru', 'kasus', 'ditolak'] as const
export const waMessageKinds = ['text', 'image', 'location', 'audio', 'contacts', 'unsupported'] as const
export const waMediaStatuses = ['menunggu', 'tersimpan', 'gagal'] as const

/** One sender's run of messages until it is handled: `baru` waits for an operator, `kasus` has a case, `ditolak` was turned away. */
export const waConversations = sqliteTable(
  'wa_conversations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Digits only, 62…: the same person however the number was written (domain/phone.ts).
    sender: text('sender').notNull(),
    profileName: text('profile_name'),
    status: text('status', { enum: waConversationStatuses }).notNull().default('baru'),
    caseId: integer('case_id').references(() => cases.id),
    // Meta's time of the first message: a case made from this conversation is received then.
    firstMessageAt: integer('first_message_at').notNull(),
    // WhatsApp's 24-hour customer-service window is counted from the sender's last message.
    lastInboundAt: integer('last_inbound_at').notNull(),
    handledBy: integer('handled_by').references(() => users.id),
    handledAt: integer('handled_at'),
    closedReason: text('closed_reason'),
    createdAt: integer('created_at').notNull(),
    // Set when retention removed the number, names and texts (with its case, or turned away long ago).
    purgedAt: integer('purged_at'),
  },
  (t) => [
    index('wa_conversations_queue').on(t.status, t.firstMessageAt),
    index('wa_conversations_by_sender').on(t.sender, t.status),
    index('wa_conversations_by_case').on(t.caseId),
    // Two deliveries racing for a new sender cannot open two waiting conversations.
    uniqueIndex('wa_conversations_one_waiting').on(t.sender).where(sql`status = 'baru'`),
  ],
)

/** Every inbound message exactly once: Meta's `wamid` makes a retried delivery insert nothing. */
export const waMessages = sqliteTable(
  'wa_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    wamid: text('wamid').notNull().unique(),
    conversationId: integer('conversation_id').notNull().references(() => waConversations.id),
    sender: text('sender').notNull(),
    kind: text('kind', { enum: waMessageKinds }).notNull(),
    // The text, an image's caption, contacts as "Nama: 62…", or an unsupported message's type name.
    body: text('body'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    place: text('place'),
    mediaId: text('media_id'),
    mediaKey: text('media_key'),
    mediaMime: text('media_mime'),
    // Bytes in the store, recorded when stored so a case made from it need not read the file back (NULL: stored before sizes were recorded).
    mediaSize: integer('media_size'),
    mediaStatus: text('media_status', { enum: waMediaStatuses }),
    // Failed fetches so far and when the job tries again (Graph rate limits and outages pass).
    mediaAttempts: integer('media_attempts').notNull().default(0),
    mediaRetryAt: integer('media_retry_at'),
    sentAt: integer('sent_at').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [
    index('wa_messages_by_conversation').on(t.conversationId, t.sentAt),
    index('wa_messages_media_due').on(t.mediaRetryAt).where(sql`media_status = 'menunggu'`),
  ],
)
