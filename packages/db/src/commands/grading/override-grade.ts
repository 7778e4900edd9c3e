import {
  ConflictError,
  isFinished,
  isSummarized,
  modelSuggestionOf,
  sessionResultOf,
  ValidationError,
} from '@assess/core'
import { eq } from 'drizzle-orm'
import type { Database, Transaction } from '../../client.ts'
import { answers, questions, testSessions } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import { logEvents } from '../sessions/events.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'
import type { SessionRow } from '../sessions/types.ts'
import {
  answerNotFound,
  type GradeHistoryRecord,
  lockSessionOfAnswer,
  personOf,
  recordGradeHistory,
} from './grade-history.ts'

export interface GradeOverride {
  answerId: string
  score: number
  reason: string
  /** The recruiter's note; blank or absent leaves only the grader's feedback. */
  feedback?: string | undefined
  now: Date
}

export interface OverriddenGrade {
  answer: AnswerRow & { score: number; gradedAt: Date }
  session: SessionRow
  history: GradeHistoryRecord
}

type JsonObject = Record<string, unknown>
const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A recruiter sets an answer's score. In one transaction (the session locked, then the answer):
 * the replaced grade goes to the grade history, the answer becomes `graded` by `human`, the
 * totals and recommendation of a session whose evaluation is over (done or failed) are
 * recomputed by the scoring rule the summary uses, its stored summary is annotated with the
 * adjustment, and the timeline records it.
 *
 * Feedback: the grader's is kept (test verdicts, keywords stay readable) and the recruiter's
 * note is added under `human`, replacing an earlier override's note (the history keeps that).
 */
export async function overrideGrade(
  db: Database,
  actor: StaffActor,
  params: GradeOverride,
): Promise<OverriddenGrade> {
  const { now } = params
  return db.transaction(async (tx) => {
    const session = await lockSessionOfAnswer(tx, { orgId: actor.orgId, answerId: params.answerId })
    const [found] = await tx
      .select({ answer: answers, questionIndex: questions.position })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(eq(answers.id, params.answerId))
      .for('update', { of: answers })
    if (!found) throw answerNotFound()
    const { answer } = found
    if (params.score > answer.maxScore)
      throw new ValidationError('validation_failed', 'The score is above the maximum', {
        fields: { score: [`At most ${answer.maxScore} (this answer's maximum)`] },
      })
    if (!isFinished(session.status))
      throw new ConflictError(
        'session_not_finished',
        'Grades can be changed once the session has ended',
        { status: session.status },
      )
    if (answer.gradingStatus === 'pending' || answer.gradingStatus === 'grading')
      throw new ConflictError('answer_not_graded', 'This answer is still being graded', {
        grading_status: answer.gradingStatus,
      })

    const [replaced] = await recordGradeHistory(tx, {
      session,
      replaced: [answer],
      action: 'override',
      reason: params.reason,
      byUserId: actor.userId,
      now,
    })
    const note = params.feedback?.trim()
    const { human: _earlier, ...machine } = isObject(answer.feedback) ? answer.feedback : {}
    const feedback = note
      ? { ...machine, human: { comment: note, user_id: actor.userId, at: now.toISOString() } }
      : Object.keys(machine).length > 0
        ? machine
        : null
    const [updated] = await tx
      .update(answers)
      .set({
        score: params.score,
        gradingStatus: 'graded',
        grader: { method: 'human', user_id: actor.userId, reason: params.reason },
        feedback,
        gradedAt: now,
      })
      .where(eq(answers.id, answer.id))
      .returning()
    if (!updated || !replaced) throw new Error('grade override wrote nothing')

    const by = await personOf(tx, actor.userId)
    const adjustment = {
      at: now.toISOString(),
      by,
      answer_id: answer.id,
      question_index: found.questionIndex,
      from: answer.score,
      to: params.score,
      reason: params.reason,
    }
    const after = await recomputeTotals(tx, session, adjustment)
    await logEvents(tx, session, now, [
      {
        type: 'grade_overridden',
        data: {
          answer_id: answer.id,
          question_id: answer.questionId,
          from: answer.score,
          to: params.score,
          reason: params.reason,
          by_user_id: actor.userId,
        },
      },
    ])
    return {
      answer: { ...updated, score: params.score, gradedAt: now },
      session: after,
      history: { ...replaced, by },
    }
  })
}

/**
 * A summarized session's totals and recommendation, recomputed with the summary's own rule
 * (core sessionResultOf); the model's own suggestion, as the summary stored it, is kept within
 * one band of the new score (never the stored recommendation, already clamped: an override
 * undone gives the recommendation back). The stored summary keeps its text and gains the
 * adjustment under `human_adjustments`, so the report says a person changed the result after it
 * was written. A session whose evaluation failed gets its totals too (the score band: no model
 * said anything), the adjustment noted beside the failure. Sessions still being evaluated are
 * left to their summary, which recomputes the totals from the answers when it is saved, so it
 * counts this grade even when it was written before it.
 */
async function recomputeTotals(
  tx: Transaction,
  session: SessionRow,
  adjustment: JsonObject,
): Promise<SessionRow> {
  if (
    (session.evaluationStatus !== 'done' && session.evaluationStatus !== 'failed') ||
    !isSummarized(session.status)
  )
    return session
  const scored = await tx
    .select({ score: answers.score, max_score: answers.maxScore })
    .from(answers)
    .where(eq(answers.sessionId, session.id))
  const summary = isObject(session.aiSummary) ? session.aiSummary : {}
  const result = sessionResultOf(scored, modelSuggestionOf(summary))
  const earlier = Array.isArray(summary.human_adjustments) ? summary.human_adjustments : []
  const [updated] = await tx
    .update(testSessions)
    .set({
      finalScore: result.finalScore,
      maxScore: result.maxScore,
      percentage: result.percentage,
      recommendation: result.recommendation,
      aiSummary: {
        ...summary,
        human_adjustments: [
          ...earlier,
          {
            ...adjustment,
            percentage: { from: session.percentage, to: result.percentage },
            recommendation: { from: session.recommendation, to: result.recommendation },
          },
        ],
      },
    })
    .where(eq(testSessions.id, session.id))
    .returning()
  if (!updated) throw new Error('session update returned nothing')
  return updated
}
