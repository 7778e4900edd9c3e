import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { answers, assessments, questions, testSessions } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { SessionRow } from '../sessions/types.ts'
import { REGRADE_EVENT } from './summary-due.ts'

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
const revisionOf = sql<number>`(SELECT count(*)::int FROM session_events e
  WHERE e.session_id = ${testSessions.id} AND e.type = ${REGRADE_EVENT})`

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

/**
 * Writes the totals and summary once (`evaluation_status` → done). False when another run got
 * there first, or when the session is not ready after all: an answer is still open, or a regrade
 * came while this summary was being written (its own summary follows, under its revision).
 */
export async function saveSessionSummary(
  db: Db,
  params: {
    sessionId: string
    finalScore: number
    maxScore: number
    percentage: number
    recommendation: 'strong_hire' | 'hire' | 'maybe' | 'no_hire'
    aiSummary: unknown
    /** The regrade revision the summary was written for; a later regrade supersedes it. */
    revision: number
    now: Date
  },
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    // The lock first and the check in a statement of its own, as writeGrades does: a check that
    // waited for a regrade's lock inside one statement would still see the answers it reopened
    // as graded (READ COMMITTED reads what was committed when the statement began).
    await tx
      .select({ id: testSessions.id })
      .from(testSessions)
      .where(eq(testSessions.id, params.sessionId))
      .for('update')
    const rows = await tx
      .update(testSessions)
      .set({
        finalScore: params.finalScore,
        maxScore: params.maxScore,
        percentage: params.percentage,
        recommendation: params.recommendation,
        aiSummary: params.aiSummary,
        evaluationStatus: 'done',
        evaluatedAt: params.now,
      })
      .where(
        and(
          eq(testSessions.id, params.sessionId),
          inArray(testSessions.evaluationStatus, ['pending', 'grading']),
          sql`NOT EXISTS (SELECT 1 FROM answers a WHERE a.session_id = ${testSessions.id}
            AND a.grading_status IN ('pending', 'grading'))`,
          sql`${revisionOf} = ${params.revision}`,
        ),
      )
      .returning({ id: testSessions.id })
    return rows.length > 0
  })
}

/** After the summary job's last retry: the evaluation failed, and says why. */
export async function markEvaluationFailed(
  db: Db,
  params: { sessionId: string; reason: string; now: Date },
): Promise<void> {
  await db
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
      ),
    )
}
