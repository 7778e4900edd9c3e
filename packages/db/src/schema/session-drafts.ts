import { sql } from 'drizzle-orm'
import { check, integer, jsonb, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core'
import { tstz } from './columns.ts'
import { questions } from './questions.ts'
import { testSessions } from './test-sessions.ts'

/**
 * A candidate's draft of one question: what the clock's catch-up submits when its window
 * closes. A row per draft, not a map on the session, so a save writes only the drafts it was
 * sent: with the session's drafts in one jsonb column, each save of one draft rewrote (and
 * compressed and logged) all of them. The draft's version (core/session/draft-versions.ts)
 * orders it across tabs.
 */
export const sessionDrafts = pgTable(
  'session_drafts',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => testSessions.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'cascade' }),
    /** Null once the candidate cleared it: the version stays, so an older tab's text can't return. */
    draft: jsonb('draft'),
    rev: integer('rev').notNull(),
    /** The lease of the tab that wrote it (null: written without one). */
    leaseId: uuid('lease_id'),
    /** The save that wrote it: how a save learns which of its drafts it wrote. */
    writeId: uuid('write_id'),
    /** The draft as Postgres prints it, for the per-session cap (MAX_DRAFT_BYTES). */
    bytes: integer('bytes')
      .notNull()
      .generatedAlwaysAs(sql`coalesce(octet_length(draft::text), 0)`),
    savedAt: tstz('saved_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.questionId] }),
    check('session_drafts_rev_non_negative', sql`${t.rev} >= 0`),
  ],
)
