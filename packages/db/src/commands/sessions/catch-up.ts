import { endSession, planCatchUp } from '@assess/core'
import { eq } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { testSessions } from '../../schema/index.ts'
import { clockOf, progressPercent } from './clock-state.ts'
import type { AssessmentDefinition } from './definition.ts'
import { dropDrafts } from './drafts.ts'
import { logEvents } from './events.ts'
import { answeredQuestionIds, insertServerAnswers } from './server-answers.ts'
import type { SessionRow } from './types.ts'

/**
 * The clock's catch-up, applied: every window that closed by `now` is finalized from its draft,
 * the session advances, and past expires_at it expires. Every touch of a session (read,
 * heartbeat, submit) and the sweeper run this one function on a locked row.
 */
export async function applyCatchUp(
  tx: Transaction,
  session: SessionRow,
  definition: AssessmentDefinition,
  now: Date,
) {
  const answered = await answeredQuestionIds(tx, session.id)
  if (session.status !== 'active') return { session, answered, newAnswerIds: [] as string[] }
  const plan = planCatchUp(clockOf(session, definition, answered), definition.clockQuestions, now)
  const unchanged =
    plan.finalize.length === 0 &&
    plan.outcome === 'active' &&
    plan.currentQuestionIndex === session.currentQuestionIndex &&
    plan.currentQuestionServedAt?.getTime() === session.currentQuestionServedAt?.getTime() &&
    plan.nextDeadlineAt?.getTime() === session.nextDeadlineAt?.getTime()
  if (unchanged) return { session, answered, newAnswerIds: [] as string[] }

  const finalized = await insertServerAnswers(
    tx,
    session,
    definition,
    plan.finalize.map((f) => ({
      questionId: f.questionId,
      servedAt: f.servedAt,
      windowEnd: f.windowEnd,
      timeExpired: true,
    })),
    now,
  )
  for (const f of plan.finalize) answered.add(f.questionId)
  const ended = plan.outcome !== 'active'
  const [updated] = await tx
    .update(testSessions)
    .set({
      currentQuestionIndex: plan.currentQuestionIndex,
      currentQuestionServedAt: plan.currentQuestionServedAt,
      nextDeadlineAt: plan.nextDeadlineAt,
      progressPercent: progressPercent(answered.size, definition.questions.length),
      ...(plan.outcome !== 'active' &&
        endSession(plan.outcome, plan.outcome === 'expired' ? 'timer_expired' : 'auto', now)),
    })
    .where(eq(testSessions.id, session.id))
    .returning()
  if (!updated) throw new Error('session update returned nothing')
  // The finalized questions' drafts are answers now; an ended attempt keeps none at all.
  await dropDrafts(tx, session.id, ended ? undefined : plan.finalize.map((f) => f.questionId))
  await logEvents(tx, session, now, [
    ...plan.finalize.map((f) => ({
      type: 'question_expired',
      data: {
        question_id: f.questionId,
        finalized_from: finalized.fromDraft.has(f.questionId) ? 'draft' : 'empty',
      },
    })),
    ...(ended
      ? [{ type: plan.outcome, data: { completion_method: updated.completionMethod } }]
      : []),
  ])
  return { session: updated, answered, newAnswerIds: finalized.ids }
}
