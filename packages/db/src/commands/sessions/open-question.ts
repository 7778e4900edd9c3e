import { NotFoundError, planOpen } from '@assess/core'
import { eq, sql } from 'drizzle-orm'
import { testSessions } from '../../schema/index.ts'
import { clockOf } from './clock-state.ts'
import { logEvents } from './events.ts'
import { assertActive, assertCurrentQuestion, assertLease } from './lease.ts'
import type { CandidateScope, SessionContext, SessionSnapshot } from './types.ts'
import { snapshot, withSession } from './with-session.ts'

/**
 * The candidate opens a question. In free navigation the first opening serves it: its window
 * starts now (server-stamped, once; the row lock makes two tabs' openings one) and its content is
 * shown from then on. Opening it again, or an answered one, changes nothing. Sequential
 * navigation serves questions itself: only the current one may be opened, and that is a no-op.
 */
export async function openQuestion(
  ctx: SessionContext,
  params: CandidateScope & { leaseId: string | undefined; questionId: string },
): Promise<SessionSnapshot> {
  return withSession(ctx, params, async (touch) => {
    const { session, definition, answered, now } = touch
    assertActive(session)
    assertLease(session, params.leaseId)
    const index = definition.indexById.get(params.questionId)
    if (index === undefined)
      throw new NotFoundError('question_not_found', 'Question not found in this test')
    assertCurrentQuestion(session, definition.assessment.navigation, index)
    const plan = planOpen(
      clockOf(session, definition, answered),
      definition.clockQuestions,
      index,
      now,
    )
    if (!plan) return snapshot(touch)
    const [updated] = await touch.tx
      .update(testSessions)
      .set({
        questionServedAt: sql`${testSessions.questionServedAt} || ${JSON.stringify({
          [params.questionId]: plan.servedAt.toISOString(),
        })}::jsonb`,
        nextDeadlineAt: plan.nextDeadlineAt,
      })
      .where(eq(testSessions.id, session.id))
      .returning()
    await logEvents(touch.tx, session, now, [
      { type: 'question_opened', data: { question_id: params.questionId } },
    ])
    return snapshot({ ...touch, session: updated ?? session })
  })
}
