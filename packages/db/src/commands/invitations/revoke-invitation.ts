import { NotFoundError } from '@assess/core'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { invitations } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'

/** Revokes a link; revoking a revoked link changes nothing (safe to retry). */
export function revokeInvitation(
  db: Db,
  actor: StaffActor,
  params: { invitationId: string; now: Date },
) {
  return inTransaction(db, async (tx) => {
    const [current] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, params.invitationId), eq(invitations.orgId, actor.orgId)))
      .for('update')
    if (!current) throw new NotFoundError('invitation_not_found', 'Invitation not found')
    if (current.status === 'revoked') return current
    const [revoked] = await tx
      .update(invitations)
      .set({ status: 'revoked', revokedAt: params.now })
      .where(eq(invitations.id, current.id))
      .returning()
    if (!revoked) throw new Error('invitation update returned nothing')
    return revoked
  })
}
