import {
  ConflictError,
  checkAnswer,
  endSession,
  NotFoundError,
  planAnswer,
  type SubmitAnswerInput,
  ValidationError,
} from '@assess/core'
import { and, eq } from 'drizzle-orm'
import { answers, testSessions } from '../../schema/index.ts'
import { clockOf, progressPercent } from './clock-state.ts'
import { type AssessmentDefinition, loadDefinition } from './definition.ts'
import { dropDrafts } from './drafts.ts'
import { logEvents } from './events.ts'
import { assertActive, assertCurrentQuestion, assertLease, assertNotWithheld } from './lease.ts'
import { type AnswerRow, fastSubmit } from './submit-fast.ts'
import type { CandidateScope, SessionContext, SessionSnapshot } from './types.ts'
import { snapshot, withSession } from './with-session.ts'

export type { AnswerRow }

type Submitted = SessionSnapshot & { answer: AnswerRow; duplicate: boolean }
const sameAnswer = (a: unknown, b: unknown) => Bun.deepEquals(a, b, true)

function questionAt(definition: AssessmentDefinition, questionId: string) {
  const index = definition.indexById.get(questionId)
  const question = index === undefined ? undefined : definition.questions[index]
  if (index === undefined || !question)
    throw new NotFoundError('question_not_found', 'Question not found in this test')
  return { index, question }
}

/**
 * Stores one answer, in one transaction on the locked session: catch-up, checks, insert
 * (`pending`, the grading outbox), advance, audit. Replaying the same submit returns the stored
 * answer (`duplicate: true`), so an offline client may retry freely. The common case takes the
 * short path (submit-fast.ts); everything else, and every error, this full one.
 */
export async function submitAnswer(
  ctx: SessionContext,
  params: CandidateScope & {
    leaseId: string | undefined
    input: SubmitAnswerInput
  },
): Promise<Submitted> {
  const { input } = params
  const scoped = await loadDefinition(ctx.db, params.assessmentId)
  const target = scoped.indexById.has(input.question_id)
    ? questionAt(scoped, input.question_id)
    : null
  const checked = target ? checkAnswer(target.question.spec, input.answer) : null
  if (params.leaseId && target && checked?.ok) {
    const stored = await fastSubmit(
      ctx,
      {
        ...params,
        leaseId: params.leaseId,
        ...target,
        answer: checked.answer,
        clientSubmittedAt: input.client_submitted_at ? new Date(input.client_submitted_at) : null,
        timeExpired: input.time_expired === true,
      },
      scoped,
    )
    if (stored) {
      await ctx.queue.enqueueGrading([stored.answer.id])
      return { ...stored, duplicate: false }
    }
  }
  return withSession(ctx, params, async (touch) => {
    const { tx, session, definition, answered, now } = touch
    const { index, question } = questionAt(definition, input.question_id)
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
    assertCurrentQuestion(session, definition.assessment.navigation, index)
    const clock = clockOf(session, definition, answered)
    assertNotWithheld(clock, question, index)
    const valid = checkAnswer(question.spec, input.answer)
    if (!valid.ok)
      throw new ValidationError('invalid_answer', 'The answer does not fit this question', {
        fields: valid.fields,
      })

    // The catch-up already closed every window past its grace; inside the grace the answer is
    // accepted but marked as arriving after the window.
    const plan = planAnswer(clock, definition.clockQuestions, index, now)
    const [answer] = await tx
      .insert(answers)
      .values({
        sessionId: session.id,
        questionId: question.id,
        answer: valid.answer,
        submittedAt: now,
        timeTakenMs: plan.timeTakenMs,
        timeExpired: plan.late || input.time_expired === true,
        clientSubmittedAt: input.client_submitted_at ? new Date(input.client_submitted_at) : null,
        submittedBy: 'candidate',
        maxScore: question.points,
      })
      .returning()
    if (!answer) throw new Error('answer insert returned nothing')
    answered.add(question.id)
    const [updated] = await tx
      .update(testSessions)
      .set({
        currentQuestionIndex: plan.currentQuestionIndex,
        currentQuestionServedAt: plan.currentQuestionServedAt,
        progressPercent: progressPercent(plan.answeredCount, definition.questions.length),
        lastActivity: now,
        nextDeadlineAt: plan.nextDeadlineAt,
        ...(plan.done && endSession('completed', 'auto', now)),
      })
      .where(eq(testSessions.id, session.id))
      .returning()
    if (!updated) throw new Error('session update returned nothing')
    await dropDrafts(tx, session.id, [question.id])
    await logEvents(tx, session, now, [
      {
        type: 'answer_submitted',
        data: { question_id: question.id, answer_id: answer.id, time_expired: answer.timeExpired },
        clientAt: answer.clientSubmittedAt,
      },
      ...(plan.done ? [{ type: 'completed', data: { completion_method: 'auto' } }] : []),
    ])
    touch.stored.push(answer.id)
    return { ...snapshot({ ...touch, session: updated }), answer, duplicate: false }
  })
}
