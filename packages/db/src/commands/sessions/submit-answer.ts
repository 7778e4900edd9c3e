import {
  ConflictError,
  checkAnswer,
  NotFoundError,
  nextDeadline,
  type SubmitAnswerInput,
  ValidationError,
  windowEnd,
} from '@assess/core'
import { and, eq } from 'drizzle-orm'
import { answers, testSessions } from '../../schema/index.ts'
import { clockOf, progressPercent } from './clock-state.ts'
import { logEvents } from './events.ts'
import { assertActive, assertLease } from './lease.ts'
import { withoutDrafts } from './server-answers.ts'
import type { SessionContext, SessionSnapshot } from './types.ts'
import { snapshot, withSession } from './with-session.ts'

export type AnswerRow = typeof answers.$inferSelect
const sameAnswer = (a: unknown, b: unknown) => Bun.deepEquals(a, b, true)

/**
 * Stores one answer, in one transaction on the locked session: catch-up, checks, insert
 * (`pending`, the grading outbox), advance, audit. Replaying the same submit returns the stored
 * answer (`duplicate: true`), so an offline client may retry freely.
 */
export function submitAnswer(
  ctx: SessionContext,
  params: {
    sessionId: string
    candidateId: string
    leaseId: string | undefined
    input: SubmitAnswerInput
  },
): Promise<SessionSnapshot & { answer: AnswerRow; duplicate: boolean }> {
  const { input } = params
  return withSession(ctx, params, async (touch) => {
    const { tx, session, definition, answered, now } = touch
    const index = definition.indexById.get(input.question_id)
    const question = index === undefined ? undefined : definition.questions[index]
    if (index === undefined || !question)
      throw new NotFoundError('question_not_found', 'Question not found in this test')

    // The catch-up read the answered ids already: the stored answer only when there is one.
    const [existing] = answered.has(question.id)
      ? await tx
          .select()
          .from(answers)
          .where(and(eq(answers.sessionId, session.id), eq(answers.questionId, question.id)))
      : []
    if (existing) {
      if (existing.submittedBy === 'candidate' && sameAnswer(existing.answer, input.answer))
        return { ...snapshot(touch), answer: existing, duplicate: true }
      if (existing.submittedBy === 'server' && existing.timeExpired)
        throw new ConflictError(
          'time_limit_exceeded',
          "This question's time is over; your last saved draft was submitted",
          { question_id: question.id, answer_id: existing.id, finalized_answer: existing.answer },
        )
      throw new ConflictError('already_answered', 'This question already has an answer', {
        answer_id: existing.id,
      })
    }
    assertActive(session)
    assertLease(session, params.leaseId)
    const clock = clockOf(session, definition, answered)
    if (definition.assessment.navigation === 'sequential' && index !== session.currentQuestionIndex)
      throw new ConflictError('question_not_current', 'Answer the current question first', {
        current_question_index: session.currentQuestionIndex,
      })
    const checked = checkAnswer(question.spec, input.answer)
    if (!checked.ok)
      throw new ValidationError('invalid_answer', 'The answer does not fit this question', {
        fields: checked.fields,
      })

    // The catch-up already closed every window past its grace; inside the grace the answer is
    // accepted but marked as arriving after the window.
    const served =
      definition.assessment.navigation === 'free'
        ? session.startedAt
        : (session.currentQuestionServedAt ?? now)
    const end = windowEnd(
      clock,
      { id: question.id, timeLimitSeconds: question.timeLimitSeconds },
      served,
    )
    const late = end !== null && now.getTime() > end.getTime()
    const [answer] = await tx
      .insert(answers)
      .values({
        sessionId: session.id,
        questionId: question.id,
        answer: checked.answer,
        submittedAt: now,
        timeTakenMs: Math.max(0, now.getTime() - served.getTime()),
        timeExpired: late || input.time_expired === true,
        clientSubmittedAt: input.client_submitted_at ? new Date(input.client_submitted_at) : null,
        submittedBy: 'candidate',
        maxScore: question.points,
      })
      .returning()
    if (!answer) throw new Error('answer insert returned nothing')
    answered.add(question.id)

    const total = definition.questions.length
    const done = answered.size >= total
    const nextIndex =
      definition.assessment.navigation === 'sequential'
        ? index + 1
        : definition.questions.findIndex((q) => !answered.has(q.id))
    const next = {
      ...session,
      currentQuestionIndex: done ? total : nextIndex,
      currentQuestionServedAt: done ? null : now,
    }
    const [updated] = await tx
      .update(testSessions)
      .set({
        currentQuestionIndex: next.currentQuestionIndex,
        currentQuestionServedAt: next.currentQuestionServedAt,
        pendingAnswers: withoutDrafts(session.pendingAnswers, [question.id]),
        progressPercent: progressPercent(answered.size, total),
        lastActivity: now,
        nextDeadlineAt: done
          ? null
          : nextDeadline(clockOf(next, definition, answered), definition.clockQuestions),
        ...(done && {
          status: 'completed' as const,
          completionMethod: 'auto' as const,
          completedAt: now,
          leaseId: null,
        }),
      })
      .where(eq(testSessions.id, session.id))
      .returning()
    if (!updated) throw new Error('session update returned nothing')
    await logEvents(tx, session, now, [
      {
        type: 'answer_submitted',
        data: { question_id: question.id, answer_id: answer.id, time_expired: answer.timeExpired },
        clientAt: answer.clientSubmittedAt,
      },
      ...(done ? [{ type: 'completed', data: { completion_method: 'auto' } }] : []),
    ])
    touch.stored.push(answer.id)
    return { ...snapshot({ ...touch, session: updated }), answer, duplicate: false }
  })
}
