import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, tstz } from './columns.ts'
import { organizations } from './organizations.ts'
import { testSessions } from './test-sessions.ts'
import { users } from './users.ts'

/** A recruiter's note on a session's report: for the organization only, never the candidate. */
export const reportNotes = pgTable(
  'report_notes',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => testSessions.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: tstz('created_at').notNull().default(sql`now()`),
  },
  (t) => [
    check('report_notes_body_length', sql`char_length(${t.body}) BETWEEN 1 AND 5000`),
    index('report_notes_session_idx').on(t.sessionId, t.createdAt),
  ],
)
