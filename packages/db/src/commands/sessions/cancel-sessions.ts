import { endSession } from '@assess/core'
import { and, eq } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { testSessions } from '../../schema/index.ts'
import { applyCatchUp } from './catch-up.ts'
import { loadDefinition } from './definition.ts'
import { logEvents } from './events.ts'

/**
 * Ends the invitation's active sessions as `cancelled` when the invitation is revoked (its token
 * stops working, so nobody could go on). The clock catches up first, so whatever it owed is
 * kept; the stored answers stay and are graded, open questions get no answer, and the event
 * says who cancelled and why. Returns the answers the catch-up stored, to be queued.
 */
export async function cancelInvitationSessions(
  tx: Transaction,
  params: { invitationId: string; reason: string; byUserId: string; now: Date },
): Promise<string[]> {
  const { now } = params
  const active = await tx
    .select()
    .from(testSessions)
    .where(
      and(eq(testSessions.invitationId, params.invitationId), eq(testSessions.status, 'active')),
    )
    .for('update')
  const stored: string[] = []
  for (const row of active) {
    const definition = await loadDefinition(tx, row.assessmentId)
    const caught = await applyCatchUp(tx, row, definition, now)
    stored.push(...caught.newAnswerIds)
    if (caught.session.status !== 'active') continue // the clock had ended it already
    await tx
      .update(testSessions)
      .set({ ...endSession('cancelled', 'cancelled', now), nextDeadlineAt: null })
      .where(eq(testSessions.id, row.id))
    await logEvents(tx, caught.session, now, [
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
  return stored
}
