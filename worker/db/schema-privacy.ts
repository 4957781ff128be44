import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './schema-core'

/**
 * A user's TOTP secret (RFC 6238). Unconfirmed until the first correct code; `lastStep` is the
 * time step of the last accepted code, so a code is never accepted twice (replay).
 */
export const userTotp = sqliteTable('user_totp', {
  userId: integer('user_id').primaryKey().references(() => users.id),
  // Base32; HMAC needs the secret itself, so it cannot be hashed like a password.
  secret: text('secret').notNull(),
  createdAt: integer('created_at').notNull(),
  confirmedAt: integer('confirmed_at'),
  lastStep: integer('last_step').notNull().default(-1),
})

/** Single-use recovery codes, stored as SHA-256 (50 random bits each: no slow hash needed). */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id),
    codeHash: text('code_hash').notNull().unique(),
    usedAt: integer('used_at'),
  },
  (t) => [index('recovery_codes_by_user').on(t.userId)],
)
