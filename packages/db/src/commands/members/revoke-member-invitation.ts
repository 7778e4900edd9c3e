import { ConflictError, NotFoundError } from '@assess/core'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { memberInvitations } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { lockMembership } from './lock-member.ts'
import type { MemberInvitationRow } from './types.ts'

/**
 * Withdraws a member invitation: its link stops working. Revoking twice changes nothing; an
 * accepted invitation is a 409 (deactivate the member instead).
 */
export function revokeMemberInvitation(
  db: Db,
  actor: StaffActor,
  params: { invitationId: string; now: Date },
): Promise<MemberInvitationRow> {
  return inTransaction(db, async (tx) => {
    await lockMembership(tx, actor)
    const [current] = await tx
      .select()
      .from(memberInvitations)
      .where(
        and(
          eq(memberInvitations.id, params.invitationId),
          eq(memberInvitations.orgId, actor.orgId),
        ),
      )
      .for('update')
    if (!current)
      throw new NotFoundError('member_invitation_not_found', 'Member invitation not found')
    if (current.acceptedAt)
      throw new ConflictError(
        'member_invitation_used',
        'This invitation was accepted; deactivate the member instead',
      )
    if (current.revokedAt) return current
    const [revoked] = await tx
      .update(memberInvitations)
      .set({ revokedAt: params.now })
      .where(eq(memberInvitations.id, current.id))
      .returning()
    if (!revoked) throw new Error('member invitation update returned nothing')
    return revoked
  })
}
