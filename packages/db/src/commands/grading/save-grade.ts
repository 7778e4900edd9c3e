import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { answers } from '../../schema/index.ts'
import { lockAndCheckSummaryDue } from './summary-due.ts'

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

/**
 * Stores a grade once: only an answer still pending/grading is written, so a replayed job never
 * double-counts. In the same transaction, under the session's row lock, it reports whether this
 * was the session's last open answer (then the caller enqueues the summary).
 */
export async function saveGrade(
  db: Db,
  grade: GradeToSave,
): Promise<{ saved: boolean; sessionId: string | null; summaryDue: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(answers)
      .set({
        gradingStatus: grade.status,
        score: grade.score,
        feedback: grade.feedback,
        grader: grade.grader,
        gradingError: grade.gradingError,
        gradedAt: grade.now,
      })
      .where(
        and(eq(answers.id, grade.answerId), inArray(answers.gradingStatus, ['pending', 'grading'])),
      )
      .returning({ sessionId: answers.sessionId })
    const sessionId =
      row?.sessionId ??
      (
        await tx
          .select({ sessionId: answers.sessionId })
          .from(answers)
          .where(eq(answers.id, grade.answerId))
      )[0]?.sessionId ??
      null
    if (!sessionId) return { saved: false, sessionId: null, summaryDue: false }
    return { saved: !!row, sessionId, summaryDue: await lockAndCheckSummaryDue(tx, sessionId) }
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
