import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps, tstz } from './columns.ts'
import { answerSubmittedBy, gradingStatus } from './enums.ts'
import { questions } from './questions.ts'
import { testSessions } from './test-sessions.ts'

/** One answer per (session, question). Also the grading outbox: committed `pending`, then queued. */
export const answers = pgTable(
  'answers',
  {
    id: id(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => testSessions.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id')
      .notNull()
      .references(() => questions.id, { onDelete: 'restrict' }),
    answer: jsonb('answer').notNull(),
    /** Server time; client_submitted_at is logged, never trusted. */
    submittedAt: tstz('submitted_at').notNull().default(sql`now()`),
    timeTakenMs: integer('time_taken_ms').notNull(),
    timeExpired: boolean('time_expired').notNull().default(false),
    submittedBy: answerSubmittedBy('submitted_by').notNull().default('candidate'),
    clientSubmittedAt: tstz('client_submitted_at'),
    gradingStatus: gradingStatus('grading_status').notNull().default('pending'),
    score: doublePrecision('score'),
    maxScore: doublePrecision('max_score').notNull(),
    feedback: jsonb('feedback'),
    /** { method, model, prompt_version, latency_ms }: which grader produced the score. */
    grader: jsonb('grader'),
    gradingError: jsonb('grading_error'),
    gradedAt: tstz('graded_at'),
    ...timestamps(),
  },
  (t) => [
    check('answers_time_taken_non_negative', sql`${t.timeTakenMs} >= 0`),
    check(
      'answers_score_range',
      sql`${t.score} IS NULL OR (${t.score} >= 0 AND ${t.score} <= ${t.maxScore})`,
    ),
    uniqueIndex('answers_session_question_key').on(t.sessionId, t.questionId),
    // The reconciler's scans: pending answers oldest first, and answers stuck `grading`. No
    // index on the status alone: a session's queries ("its open answers") would AND it with the
    // session's index and read every open answer of every session, a whole backlog per query
    // (measured: 6,120 index entries read for a session's 10).
    index('answers_pending_idx').on(t.submittedAt).where(sql`${t.gradingStatus} = 'pending'`),
    index('answers_grading_idx').on(t.updatedAt).where(sql`${t.gradingStatus} = 'grading'`),
  ],
)
