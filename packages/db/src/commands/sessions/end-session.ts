import { eq } from 'drizzle-orm'
import { testSessions } from '../../schema/index.ts'
import { logEvents } from './events.ts'
import { finishSession } from './finish.ts'
import { assertActive, assertLease } from './lease.ts'
import type { CandidateScope, SessionContext, SessionSnapshot } from './types.ts'
import { snapshot, withSession } from './with-session.ts'

/** Finishes the test: open questions are finalized from drafts, every answer is queued. */
export function completeSession(
  ctx: SessionContext,
  params: CandidateScope & {
    leaseId: string | undefined
    method: 'manual' | 'auto'
  },
): Promise<SessionSnapshot> {
  return withSession(ctx, params, async (touch) => {
    // Completing twice (a retried click, an offline replay) answers with the finished state.
    if (touch.session.status === 'completed') return snapshot(touch)
    assertActive(touch.session)
    assertLease(touch.session, params.leaseId)
    const finished = await finishSession(touch.tx, {
      ...touch,
      status: 'completed',
      method: params.method,
    })
    touch.stored.push(...finished.newAnswerIds)
    return snapshot({ ...touch, session: finished.session })
  })
}

/**
 * `manual`: the candidate quits now. `tab_close`: a beacon from a closing tab; the session stays
 * active and the sweeper abandons it only if the candidate is not back within the heartbeat timeout.
 */
export function abandonSession(
  ctx: SessionContext,
  params: CandidateScope & {
    leaseId: string | undefined
    method: 'manual' | 'tab_close'
  },
): Promise<SessionSnapshot> {
  return withSession(ctx, params, async (touch) => {
    const { session, now } = touch
    if (session.status !== 'active' && params.method === 'tab_close') return snapshot(touch) // a late beacon changes nothing
    assertActive(session)
    if (params.method === 'tab_close') {
      // A beacon from a tab that no longer holds the lease says nothing about the one that does.
      if (params.leaseId !== session.leaseId) return snapshot(touch)
      const [updated] = await touch.tx
        .update(testSessions)
        .set({ leftAt: now })
        .where(eq(testSessions.id, session.id))
        .returning()
      await logEvents(touch.tx, session, now, [{ type: 'tab_closed' }])
      return snapshot({ ...touch, session: updated ?? session })
    }
    assertLease(session, params.leaseId)
    const finished = await finishSession(touch.tx, {
      ...touch,
      status: 'abandoned',
      method: 'manual',
    })
    touch.stored.push(...finished.newAnswerIds)
    return snapshot({ ...touch, session: finished.session })
  })
}
