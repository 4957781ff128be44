import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './schema-core'

/**
 * A CSV file an admin uploaded, kept between its steps (upload → map columns → preview → import)
 * so each step is a plain form that works without JavaScript. Decoded text, not bytes.
 */
export const importUploads = sqliteTable(
  'import_uploads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['cases', 'users'] }).notNull(),
    fileName: text('file_name').notNull(),
    content: text('content').notNull(),
    // JSON: which CSV column feeds which Sigap field, chosen on the mapping step.
    mapping: text('mapping'),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    uploadedAt: integer('uploaded_at').notNull(),
    importedAt: integer('imported_at'),
    importedCount: integer('imported_count').notNull().default(0),
  },
  (t) => [index('import_uploads_by_time').on(t.uploadedAt)],
)
