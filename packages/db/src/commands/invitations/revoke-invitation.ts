import { eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { invitations } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { type CancelledSessions, cancelInvitationSessions } from '../sessions/cancel-sessions.ts'
import { lockInvitation } from './lock-invitation.ts'

/**
 * Revokes a link; revoking a revoked link changes nothing (safe to retry). Its token stops
 * working at once, so an attempt in progress ends `cancelled` in the same transaction;
 * `storedAnswerIds` are the answers the clock's catch-up stored on the way, to be queued, and
 * `cancelled` the sessions it ended.
 */
export function revokeInvitation(
  db: Db,
  actor: StaffActor,
  params: { invitationId: string; now: Date },
): Promise<{ invitation: typeof invitations.$inferSelect } & CancelledSessions> {
  return inTransaction(db, async (tx) => {
    const current = await lockInvitation(tx, actor, params.invitationId)
    if (current.status === 'revoked')
      return { invitation: current, storedAnswerIds: [], cancelled: [], endedByClock: [] }
    const [revoked] = await tx
      .update(invitations)
      .set({ status: 'revoked', revokedAt: params.now })
      .where(eq(invitations.id, current.id))
      .returning()
    if (!revoked) throw new Error('invitation update returned nothing')
    const ended = await cancelInvitationSessions(tx, {
      invitationId: revoked.id,
      reason: 'invitation revoked',
      byUserId: actor.userId,
      now: params.now,
    })
    return { invitation: revoked, ...ended }
  })
}
