import { eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { ensureAnotherActiveAdmin, lockMember, revokeInvitationsSentBy } from './lock-member.ts'
import type { MemberRow } from './types.ts'

/**
 * Deactivates a member: they cannot sign in, and their tokens stop working on their next
 * request. The row stays (their assessments, grades and audit entries keep their author).
 * Deactivating the last active admin is a 409 `last_admin`; an admin may deactivate themselves
 * while another active admin remains. Deactivating twice changes nothing. The member
 * invitations they sent and are still open are withdrawn in the same transaction.
 */
export function deactivateMember(
  db: Db,
  actor: StaffActor,
  params: { memberId: string; now: Date },
): Promise<MemberRow> {
  return inTransaction(db, async (tx) => {
    const member = await lockMember(tx, actor, params.memberId)
    if (member.deactivatedAt) return member
    await ensureAnotherActiveAdmin(tx, member)
    const [updated] = await tx
      .update(users)
      .set({ deactivatedAt: params.now })
      .where(eq(users.id, member.id))
      .returning()
    if (!updated) throw new Error('user update returned nothing')
    await revokeInvitationsSentBy(tx, member, params.now)
    return updated
  })
}

/** Lets a deactivated member sign in again, with the role they had. */
export function reactivateMember(
  db: Db,
  actor: StaffActor,
  params: { memberId: string },
): Promise<MemberRow> {
  return inTransaction(db, async (tx) => {
    const member = await lockMember(tx, actor, params.memberId)
    if (!member.deactivatedAt) return member
    const [updated] = await tx
      .update(users)
      .set({ deactivatedAt: null })
      .where(eq(users.id, member.id))
      .returning()
    if (!updated) throw new Error('user update returned nothing')
    return updated
  })
}
