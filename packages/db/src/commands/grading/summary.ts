import {
  type HiringRecommendation,
  modelSuggestionOf,
  type SessionTotals,
  sessionResultOf,
} from '@assess/core'
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Database, Db } from '../../client.ts'
import { fromRaw } from '../../raw-rows.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { testSessions } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import { queueResultsReadyEmail } from '../email/results-ready.ts'
import type { SessionRow } from '../sessions/types.ts'
import { sessionRevisionIn, sessionRevisionOf } from './summary-due.ts'

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

/**
 * A session and its graded answers in question order: what the summary is written from. One
 * prepared statement (every session's summary reads it once).
 */
export async function loadSummaryMaterial(
  db: Database,
  sessionId: string,
): Promise<SummaryMaterial | null> {
  const sql = db.$client
  const [row] = await sql<
    (Record<string, unknown> & {
      summary_title: string
      summary_revision: number
      summary_answers: SummaryMaterial['answers']
    })[]
  >`
    SELECT s.*, a.title AS summary_title, ${sessionRevisionIn(sql, 's')} AS summary_revision,
      coalesce((
        SELECT jsonb_agg(jsonb_build_object('index', q.position, 'type', q.type,
            'prompt', q.prompt, 'score', an.score, 'maxScore', an.max_score,
            'gradingStatus', an.grading_status, 'grader', an.grader, 'feedback', an.feedback)
          ORDER BY q.position)
        FROM answers an JOIN questions q ON q.id = an.question_id WHERE an.session_id = s.id
      ), '[]'::jsonb) AS summary_answers
    FROM test_sessions s JOIN assessments a ON a.id = s.assessment_id
    WHERE s.id = ${sessionId}`
  if (!row) return null
  return {
    session: fromRaw(testSessions, row),
    revision: row.summary_revision,
    assessmentTitle: row.summary_title,
    answers: row.summary_answers,
  }
}

/** What a saved summary stored: the totals and recommendation, from the answers at save time. */
export type SavedSummary = SessionTotals & { recommendation: HiringRecommendation }

interface SummaryState {
  evaluation_status: string
  revision: number
  scored: { score: number | null; max_score: number; gradingStatus: string }[]
}

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
 *
 * Two round trips, all statements prepared (three or more with the email): BEGIN, the lock and
 * the read go out together, then the write with COMMIT.
 */
export async function saveSessionSummary(
  db: Database,
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
  return pipelinedTransaction(db.$client, async ({ sql, commitWith, db: inTx }) => {
    // The lock first and the read in a statement of its own, as writeGrades does: a check that
    // waited for a regrade's (or an override's) lock inside one statement would still see the
    // answers as they were before it (READ COMMITTED reads what was committed when the
    // statement began).
    const [, [state]] = await Promise.all([
      sql`SELECT 1 FROM test_sessions WHERE id = ${params.sessionId} FOR UPDATE`,
      sql<SummaryState[]>`
        SELECT s.evaluation_status, ${sessionRevisionIn(sql, 's')} AS revision,
          coalesce((SELECT jsonb_agg(jsonb_build_object('score', a.score,
              'max_score', a.max_score, 'gradingStatus', a.grading_status))
            FROM answers a WHERE a.session_id = s.id), '[]'::jsonb) AS scored
        FROM test_sessions s WHERE s.id = ${params.sessionId}`,
    ])
    if (
      !state ||
      (state.evaluation_status !== 'pending' && state.evaluation_status !== 'grading') ||
      state.revision !== params.revision
    )
      return null
    if (state.scored.some((a) => a.gradingStatus === 'pending' || a.gradingStatus === 'grading'))
      return null
    const result = sessionResultOf(state.scored, modelSuggestionOf(params.aiSummary))
    const aiSummary = { ...params.aiSummary, recommendation: result.recommendation }
    const write = sql`UPDATE test_sessions SET final_score = ${result.finalScore},
        max_score = ${result.maxScore}, percentage = ${result.percentage},
        recommendation = ${result.recommendation}, ai_summary = ${JSON.stringify(aiSummary)}::jsonb,
        evaluation_status = 'done', evaluated_at = ${params.now.toISOString()}
      WHERE id = ${params.sessionId}`
    if (!params.notify || params.revision !== 0) {
      await commitWith(write)
      return result
    }
    await write
    await queueResultsReadyEmail(inTx(), {
      sessionId: params.sessionId,
      percentage: result.percentage,
      recommendation: result.recommendation,
      publicUrl: params.notify.publicUrl,
    })
    await commitWith(Promise.resolve())
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
