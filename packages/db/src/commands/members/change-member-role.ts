import { eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { ensureAnotherActiveAdmin, lockMember, revokeInvitationsSentBy } from './lock-member.ts'
import type { MemberRow } from './types.ts'

/**
 * Gives a member another role; it applies to their very next request (staff auth reads the
 * role from the row). Demoting the last active admin is a 409 `last_admin`. A demoted admin's
 * open member invitations are withdrawn in the same transaction.
 */
export function changeMemberRole(
  db: Db,
  actor: StaffActor,
  params: { memberId: string; role: 'admin' | 'recruiter'; now: Date },
): Promise<MemberRow> {
  return inTransaction(db, async (tx) => {
    const member = await lockMember(tx, actor, params.memberId)
    if (member.role === params.role) return member
    if (params.role !== 'admin') await ensureAnotherActiveAdmin(tx, member)
    const [updated] = await tx
      .update(users)
      .set({ role: params.role })
      .where(eq(users.id, member.id))
      .returning()
    if (!updated) throw new Error('user update returned nothing')
    if (params.role !== 'admin') await revokeInvitationsSentBy(tx, member, params.now)
    return updated
  })
}
