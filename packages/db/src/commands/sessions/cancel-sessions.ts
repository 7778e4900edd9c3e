import { endSession, isFinished } from '@assess/core'
import { and, eq, inArray } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { testSessions } from '../../schema/index.ts'
import { applyCatchUp } from './catch-up.ts'
import { loadDefinition } from './definition.ts'
import { logEvents } from './events.ts'
import type { SessionRow } from './types.ts'

/**
 * Ends a locked, caught-up session as `cancelled`: its stored answers stay and are graded, open
 * questions get no answer, and no summary or recommendation is made.
 */
export async function cancelLockedSession(tx: Transaction, session: SessionRow, now: Date) {
  const [updated] = await tx
    .update(testSessions)
    .set({
      ...endSession('cancelled', 'cancelled', now),
      nextDeadlineAt: null,
      pausedAt: null,
      pauseReason: null,
    })
    .where(eq(testSessions.id, session.id))
    .returning()
  if (!updated) throw new Error('session update returned nothing')
  return updated
}

/** What revoking an invitation ended: answers the catch-up stored (to queue), sessions cancelled. */
export interface CancelledSessions {
  storedAnswerIds: string[]
  cancelled: SessionRow[]
  /** Sessions the clock's catch-up had ended on the way (expired, completed), to be announced. */
  endedByClock: SessionRow[]
}

/**
 * Ends the invitation's sessions under way as `cancelled` when the invitation is revoked (its
 * token stops working, so nobody could go on). The clock catches up first, so whatever it owed
 * is kept, and the event says who cancelled and why.
 */
export async function cancelInvitationSessions(
  tx: Transaction,
  params: { invitationId: string; reason: string; byUserId: string; now: Date },
): Promise<CancelledSessions> {
  const { now } = params
  const live = await tx
    .select()
    .from(testSessions)
    .where(
      and(
        eq(testSessions.invitationId, params.invitationId),
        inArray(testSessions.status, ['active', 'paused']),
      ),
    )
    .for('update')
  const stored: string[] = []
  const ended: SessionRow[] = []
  const endedByClock: SessionRow[] = []
  for (const row of live) {
    const definition = await loadDefinition(tx, row.assessmentId)
    const caught = await applyCatchUp(tx, row, definition, now)
    stored.push(...caught.newAnswerIds)
    if (isFinished(caught.session.status)) {
      endedByClock.push(caught.session) // the clock had ended it already
      continue
    }
    const cancelled = await cancelLockedSession(tx, caught.session, now)
    ended.push(cancelled)
    await logEvents(tx, cancelled, now, [
      {
        type: 'cancelled',
        data: {
          completion_method: 'cancelled',
          reason: params.reason,
          by_user_id: params.byUserId,
        },
      },
    ])
  }
  return { storedAnswerIds: stored, cancelled: ended, endedByClock }
}
