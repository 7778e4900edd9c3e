import { sql } from 'drizzle-orm'
import { doublePrecision, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { answers } from './answers.ts'
import { id, tstz } from './columns.ts'
import { gradingStatus } from './enums.ts'
import { organizations } from './organizations.ts'
import { testSessions } from './test-sessions.ts'
import { users } from './users.ts'

/**
 * Every grade an answer had before it was replaced (a human override, a regrade), so a score is
 * never silently overwritten: the answer row holds the current grade, this table the past ones.
 */
export const gradeHistory = pgTable(
  'grade_history',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    answerId: uuid('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => testSessions.id, { onDelete: 'cascade' }),
    /** The replaced grade, as it was on the answer. */
    gradingStatus: gradingStatus('grading_status').notNull(),
    score: doublePrecision('score'),
    maxScore: doublePrecision('max_score').notNull(),
    feedback: jsonb('feedback'),
    grader: jsonb('grader'),
    gradedAt: tstz('graded_at'),
    /** When and why it was replaced, and by whom (null: the system). */
    replacedAt: tstz('replaced_at').notNull().default(sql`now()`),
    replacedBy: uuid('replaced_by').references(() => users.id, { onDelete: 'set null' }),
    /** `override` (a human set the score) or `regrade` (graded again by the current grader). */
    action: text('action').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('grade_history_answer_idx').on(t.answerId, t.replacedAt)],
)
