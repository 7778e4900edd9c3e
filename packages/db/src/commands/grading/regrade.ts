import { ConflictError, isFinished, isSummarized } from '@assess/core'
import { and, asc, count, eq, inArray } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { answers, sessionEvents, testSessions } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import { logEvents } from '../sessions/events.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'
import type { SessionContext, SessionRow } from '../sessions/types.ts'
import { sessionNotFound } from '../sessions/with-session.ts'
import { answerNotFound, lockSessionOfAnswer, recordGradeHistory } from './grade-history.ts'
import { REGRADE_EVENT } from './summary-due.ts'

/** One answer, or every answer of a session. */
export type RegradeTarget = { answerId: string } | { sessionId: string }

export interface Regraded {
  session: SessionRow
  /** The session's regrade count, this one included: the grade and summary jobs carry it. */
  revision: number
  answers: AnswerRow[]
}

const OPEN = new Set(['pending', 'grading'])

/**
 * Grades answers of a finished session again with the current grader. In one transaction (the
 * session locked, then its answers): each answer's grade goes to the grade history (action
 * `regrade`), the answers are reset to `pending`, a summarized session's evaluation goes back to
 * `grading`, and the timeline records who asked and why. After the commit they are queued under
 * the new revision; if Redis is down they stay pending and the reconciler queues them.
 *
 * An answer still being graded is reset and queued too: its grade is written once, by whichever
 * job saves first (a save only writes an open answer), so it is never counted twice. The last
 * grade saved makes the summary due under the revision (see writeGrades), so the session gets
 * exactly one new summary however many answers were regraded.
 */
export async function regradeAnswers(
  ctx: SessionContext,
  actor: StaffActor,
  params: { target: RegradeTarget; reason: string },
): Promise<Regraded> {
  const now = ctx.now()
  const { target } = params
  const result = await ctx.db.transaction(async (tx) => {
    const session =
      'answerId' in target
        ? await lockSessionOfAnswer(tx, { orgId: actor.orgId, answerId: target.answerId })
        : await lockSession(tx, actor.orgId, target.sessionId)
    const locked = await tx
      .select()
      .from(answers)
      .where(
        and(
          eq(answers.sessionId, session.id),
          'answerId' in target ? eq(answers.id, target.answerId) : undefined,
        ),
      )
      .orderBy(asc(answers.id))
      .for('update')
    if ('answerId' in target && locked.length === 0) throw answerNotFound()
    if (!isFinished(session.status))
      throw new ConflictError(
        'session_not_finished',
        'Answers can be graded again once the session has ended',
        { status: session.status },
      )
    if (locked.length === 0)
      throw new ConflictError('nothing_to_regrade', 'This session has no answers to grade')

    await recordGradeHistory(tx, {
      session,
      // An open answer has no grade yet to keep.
      replaced: locked.filter((a) => !OPEN.has(a.gradingStatus)),
      action: 'regrade',
      reason: params.reason,
      byUserId: actor.userId,
      now,
    })
    const ids = locked.map((a) => a.id)
    const reset = await tx
      .update(answers)
      .set({
        gradingStatus: 'pending',
        score: null,
        feedback: null,
        grader: null,
        gradingError: null,
        gradedAt: null,
      })
      .where(inArray(answers.id, ids))
      .returning()
    // The totals and summary stay as they were until the regrade's summary replaces them.
    const reopened =
      isSummarized(session.status) &&
      (session.evaluationStatus === 'done' || session.evaluationStatus === 'failed')
        ? await tx
            .update(testSessions)
            .set({ evaluationStatus: 'grading' })
            .where(eq(testSessions.id, session.id))
            .returning()
        : [session]
    // Under the session's lock, so two regrades of a session never share a revision.
    const [previous] = await tx
      .select({ n: count() })
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, session.id), eq(sessionEvents.type, REGRADE_EVENT)))
    const revision = (previous?.n ?? 0) + 1
    await logEvents(tx, session, now, [
      {
        type: REGRADE_EVENT,
        data: {
          scope: 'answerId' in target ? 'answer' : 'session',
          answer_ids: ids,
          reason: params.reason,
          by_user_id: actor.userId,
          revision,
        },
      },
    ])
    return { session: reopened[0] ?? session, revision, answers: reset }
  })
  await ctx.queue.enqueueGrading(
    result.answers.map((a) => a.id),
    { revision: result.revision },
  )
  return result
}

async function lockSession(tx: Transaction, orgId: string, sessionId: string) {
  const [session] = await tx
    .select()
    .from(testSessions)
    .where(and(eq(testSessions.id, sessionId), eq(testSessions.orgId, orgId)))
    .for('update')
  if (!session) throw sessionNotFound()
  return session
}
