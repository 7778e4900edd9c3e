import { GoneError, NotFoundError } from '@assess/core'
import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { memberInvitations, organizations, users } from '../../schema/index.ts'
import { hashInvitationToken } from '../invitations/token.ts'
import type { MemberInvitationRow } from './types.ts'

/** Why a member invitation can no longer be accepted, or null while it can. */
export function memberInvitationRefusal(invitation: MemberInvitationRow, now: Date) {
  if (invitation.acceptedAt)
    return new GoneError('member_invitation_used', 'This invitation has already been accepted')
  if (invitation.revokedAt)
    return new GoneError('member_invitation_revoked', 'This invitation was withdrawn')
  if (invitation.expiresAt.getTime() <= now.getTime())
    return new GoneError('member_invitation_expired', 'This invitation has expired')
  return null
}

/**
 * An invitation is only as good as its sender's right to send it: the inviter must still be an
 * active admin of the organization (not deactivated, demoted or deleted). Deactivating or
 * demoting an admin withdraws their open invitations; this also covers any left open before.
 */
async function inviterStillAdmin(db: Db, invitation: MemberInvitationRow) {
  if (!invitation.invitedBy) return false
  const [inviter] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, invitation.invitedBy),
        eq(users.orgId, invitation.orgId),
        eq(users.role, 'admin'),
        isNull(users.deactivatedAt),
      ),
    )
  return inviter !== undefined
}

/**
 * The invitation behind a join link and its organization's name, for the join page; a link
 * that can no longer be accepted says why (410). `lock`: held until the transaction ends, and
 * the inviter is read after the lock is granted (a separate statement, so it sees what
 * committed while this one waited).
 */
export async function readMemberInvitation(
  db: Db,
  params: { token: string; now: Date; lock?: boolean },
) {
  const query = db
    .select({ invitation: memberInvitations, orgName: organizations.name })
    .from(memberInvitations)
    .innerJoin(organizations, eq(organizations.id, memberInvitations.orgId))
    .where(eq(memberInvitations.tokenHash, hashInvitationToken(params.token)))
    .limit(1)
  const [found] = await (params.lock ? query.for('update', { of: memberInvitations }) : query)
  if (!found)
    throw new NotFoundError('member_invitation_not_found', 'This invitation link is not valid')
  const refusal = memberInvitationRefusal(found.invitation, params.now)
  if (refusal) throw refusal
  if (!(await inviterStillAdmin(db, found.invitation)))
    throw new GoneError(
      'member_invitation_inviter_removed',
      'The administrator who sent this invitation can no longer invite; ask an administrator for a new link',
    )
  return found
}
