import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { answers, assessments, questions, testSessions } from '../../schema/index.ts'
import type { SessionRow } from '../sessions/types.ts'

export interface SummaryMaterial {
  session: SessionRow
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

/** A session and its graded answers in question order: what the summary is written from. */
export async function loadSummaryMaterial(
  db: Db,
  sessionId: string,
): Promise<SummaryMaterial | null> {
  const [row] = await db
    .select({ session: testSessions, assessmentTitle: assessments.title })
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
  return { session: row.session, assessmentTitle: row.assessmentTitle, answers: rows }
}

/**
 * Writes the totals and summary once (`evaluation_status` → done). False when another run got
 * there first, or when the session is not ready after all (an answer is still open).
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
    now: Date
  },
): Promise<boolean> {
  const rows = await db
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
      ),
    )
    .returning({ id: testSessions.id })
  return rows.length > 0
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
