import {
  type HiringRecommendation,
  modelSuggestionOf,
  type SessionTotals,
  sessionResultOf,
} from '@assess/core'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { answers, assessments, questions, testSessions } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import { queueResultsReadyEmail } from '../email/results-ready.ts'
import type { SessionRow } from '../sessions/types.ts'
import { sessionRevisionOf } from './summary-due.ts'

export interface SummaryMaterial {
  session: SessionRow
  /** The session's regrade revision now: a summary job of an earlier one is superseded. */
  revision: number
  assessmentTitle: string
  answers: {
    index: number
    type: string
    prompt: string
    score: number | null
    maxScore: number
    gradingStatus: string
    grader: unknown
    feedback: unknown
  }[]
}

/** How many regrades the session has had (see REGRADE_EVENT). */
const revisionOf = sessionRevisionOf(testSessions.id)

/** A session and its graded answers in question order: what the summary is written from. */
export async function loadSummaryMaterial(
  db: Db,
  sessionId: string,
): Promise<SummaryMaterial | null> {
  const [row] = await db
    .select({ session: testSessions, assessmentTitle: assessments.title, revision: revisionOf })
    .from(testSessions)
    .innerJoin(assessments, eq(assessments.id, testSessions.assessmentId))
    .where(eq(testSessions.id, sessionId))
  if (!row) return null
  const rows = await db
    .select({
      index: questions.position,
      type: questions.type,
      prompt: questions.prompt,
      score: answers.score,
      maxScore: answers.maxScore,
      gradingStatus: answers.gradingStatus,
      grader: answers.grader,
      feedback: answers.feedback,
    })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(eq(answers.sessionId, sessionId))
    .orderBy(asc(questions.position))
  return {
    session: row.session,
    revision: row.revision,
    assessmentTitle: row.assessmentTitle,
    answers: rows,
  }
}

/** What a saved summary stored: the totals and recommendation, from the answers at save time. */
export type SavedSummary = SessionTotals & { recommendation: HiringRecommendation }

/**
 * Writes the totals and summary once (`evaluation_status` → done). Null when another run got
 * there first, or when the session is not ready after all: an answer is still open, or a regrade
 * came while this summary was being written (its own summary follows, under its revision).
 *
 * The totals and recommendation are not the ones the summary was written from: they are
 * recomputed from the answers as they are now, under the session lock, by the scoring rule
 * (core sessionResultOf, with the model's own suggestion from `aiSummary`). A person's override
 * made while the summary was being written (it leaves the totals to the summary, which is not
 * `done` yet) is counted, never overwritten by totals of the grades it replaced. The stored
 * summary's `recommendation` is the recomputed one.
 *
 * `notify` (the worker sends email): "results ready" to the inviting recruiter, in the same
 * transaction, for the session's first summary only (revision 0). A regrade's summary is the
 * recruiter's own doing and sends nothing; a session whose first summary failed gets none.
 */
export async function saveSessionSummary(
  db: Db,
  params: {
    sessionId: string
    /** The summary to store (its text, `method`, the model's `model_recommendation`). */
    aiSummary: Record<string, unknown>
    /** The regrade revision the summary was written for; a later regrade supersedes it. */
    revision: number
    now: Date
    notify?: { publicUrl: string } | null
  },
): Promise<SavedSummary | null> {
  return inTransaction(db, async (tx) => {
    // The lock first and the reads in statements of their own, as writeGrades does: a check
    // that waited for a regrade's (or an override's) lock inside one statement would still see
    // the answers as they were before it (READ COMMITTED reads what was committed when the
    // statement began).
    await tx
      .select({ id: testSessions.id })
      .from(testSessions)
      .where(eq(testSessions.id, params.sessionId))
      .for('update')
    const [session] = await tx
      .select({ evaluationStatus: testSessions.evaluationStatus, revision: revisionOf })
      .from(testSessions)
      .where(eq(testSessions.id, params.sessionId))
    if (
      !session ||
      (session.evaluationStatus !== 'pending' && session.evaluationStatus !== 'grading') ||
      session.revision !== params.revision
    )
      return null
    const scored = await tx
      .select({
        score: answers.score,
        max_score: answers.maxScore,
        gradingStatus: answers.gradingStatus,
      })
      .from(answers)
      .where(eq(answers.sessionId, params.sessionId))
    if (scored.some((a) => a.gradingStatus === 'pending' || a.gradingStatus === 'grading'))
      return null
    const result = sessionResultOf(scored, modelSuggestionOf(params.aiSummary))
    await tx
      .update(testSessions)
      .set({
        finalScore: result.finalScore,
        maxScore: result.maxScore,
        percentage: result.percentage,
        recommendation: result.recommendation,
        aiSummary: { ...params.aiSummary, recommendation: result.recommendation },
        evaluationStatus: 'done',
        evaluatedAt: params.now,
      })
      .where(eq(testSessions.id, params.sessionId))
    if (params.notify && params.revision === 0)
      await queueResultsReadyEmail(tx, {
        sessionId: params.sessionId,
        percentage: result.percentage,
        recommendation: result.recommendation,
        publicUrl: params.notify.publicUrl,
      })
    return result
  })
}

/**
 * After the summary job's last retry: the evaluation failed, and says why. Only for the job's
 * own regrade revision: when a regrade came since, its summary is owed, and an old job failing
 * for good must not mark the regraded session failed. The lock first and the check in a
 * statement of its own, as saveSessionSummary does.
 */
export async function markEvaluationFailed(
  db: Db,
  params: { sessionId: string; reason: string; revision: number; now: Date },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    await tx
      .select({ id: testSessions.id })
      .from(testSessions)
      .where(eq(testSessions.id, params.sessionId))
      .for('update')
    const rows = await tx
      .update(testSessions)
      .set({
        evaluationStatus: 'failed',
        evaluatedAt: params.now,
        aiSummary: { error: params.reason },
      })
      .where(
        and(
          eq(testSessions.id, params.sessionId),
          inArray(testSessions.evaluationStatus, ['pending', 'grading']),
          sql`${revisionOf} = ${params.revision}`,
        ),
      )
      .returning({ id: testSessions.id })
    return rows.length > 0
  })
}
