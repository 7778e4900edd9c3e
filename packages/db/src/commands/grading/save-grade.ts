import { and, eq } from 'drizzle-orm'
import type { Database, Db } from '../../client.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { answers } from '../../schema/index.ts'
import { SUMMARY_STATUSES } from './summary-due.ts'

export interface GradeToSave {
  answerId: string
  status: 'graded' | 'needs_review' | 'failed'
  score: number | null
  feedback: unknown
  grader: unknown
  /** Why a person should look, or why grading failed; null for a clean grade. */
  gradingError: unknown
  now: Date
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value))

/**
 * Stores a grade once: only an answer still pending/grading is written, so a replayed job never
 * double-counts. In the same transaction it locks the session row and tells whether this was
 * the session's last open answer (then the caller enqueues the summary). The lock serializes
 * the last two grades of a session so exactly one sees "due"; the check is a statement of its
 * own after the lock, because in READ COMMITTED a statement sees what was committed when it
 * began, and a check that waited for the lock inside one statement would miss the grade the
 * lock's previous holder committed. All four statements and the commit go in one round trip.
 */
export async function saveGrade(
  db: Database,
  grade: GradeToSave,
): Promise<{ saved: boolean; sessionId: string | null; summaryDue: boolean }> {
  const { answerId } = grade
  return pipelinedTransaction(db.$client, async ({ sql, commitWith }) => {
    const [saved, , checked] = await commitWith(
      Promise.all([
        sql<{ session_id: string }[]>`UPDATE answers SET grading_status = ${grade.status},
            score = ${grade.score}, feedback = ${json(grade.feedback)}::jsonb,
            grader = ${json(grade.grader)}::jsonb, grading_error = ${json(grade.gradingError)}::jsonb,
            graded_at = ${grade.now.toISOString()}
          WHERE id = ${answerId} AND grading_status IN ('pending', 'grading')
          RETURNING session_id`,
        sql`SELECT 1 FROM test_sessions
          WHERE id = (SELECT session_id FROM answers WHERE id = ${answerId}) FOR UPDATE`,
        sql<{ id: string; due: boolean }[]>`
          SELECT s.id, (s.status::text = ANY(${SUMMARY_STATUSES}::text[])
              AND s.evaluation_status IN ('pending', 'grading')
              AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id
                              AND a.grading_status IN ('pending', 'grading'))) AS due
          FROM test_sessions s WHERE s.id = (SELECT session_id FROM answers WHERE id = ${answerId})`,
      ]),
    )
    const session = checked[0]
    return {
      saved: saved.length > 0,
      sessionId: session?.id ?? null,
      summaryDue: session?.due === true,
    }
  })
}

/** Keeps the latest attempt's error on the answer while the job waits for its retry. */
export async function noteGradingAttemptError(
  db: Db,
  params: { answerId: string; error: { message: string; attempt: number; at: string } },
): Promise<void> {
  await db
    .update(answers)
    .set({ gradingError: params.error })
    .where(and(eq(answers.id, params.answerId), eq(answers.gradingStatus, 'grading')))
}
