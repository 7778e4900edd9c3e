import { ConflictError, type MemberInviteInput } from '@assess/core'
import { and, eq, isNull, ne } from 'drizzle-orm'
import type { Db, Transaction } from '../../client.ts'
import { isUniqueViolation } from '../../pg-errors.ts'
import { memberInvitations, organizations, users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { queueEmail } from '../email/queue-email.ts'
import { generateInvitationToken, hashInvitationToken } from '../invitations/token.ts'
import { lockMembership } from './lock-member.ts'
import { MEMBER_INVITATION_TTL_MS, type MemberInvitationRow } from './types.ts'

/**
 * Invites someone to the organization's staff; the token is returned once and only its hash is
 * kept. Inviting an address with an open invitation replaces it (the old link stops working).
 * An address that already belongs to a staff user, here or in another organization, is a 409:
 * staff sign in by email alone, so a staff email is unique across organizations.
 * With `email`, the invitation email is queued in the same transaction. Under the membership
 * lock: an inviter deactivated or demoted meanwhile invites no one, and one deactivated or
 * demoted after finds this invitation committed and withdraws it.
 */
export async function inviteMember(
  db: Db,
  actor: StaffActor,
  params: {
    input: MemberInviteInput
    now: Date
    /** The join page's absolute link for a token. */
    joinUrl: (token: string) => string
    email: boolean
  },
) {
  const { input, now } = params
  const token = generateInvitationToken()
  try {
    return await inTransaction(db, async (tx) => {
      await lockMembership(tx, actor)
      const [existing] = await tx
        .select({ orgId: users.orgId, deactivatedAt: users.deactivatedAt })
        .from(users)
        .where(and(eq(users.email, input.email), ne(users.role, 'candidate')))
        .limit(1)
      if (existing) throw alreadyStaff(existing, actor.orgId)
      await tx
        .update(memberInvitations)
        .set({ revokedAt: now })
        .where(
          and(
            eq(memberInvitations.orgId, actor.orgId),
            eq(memberInvitations.email, input.email),
            isNull(memberInvitations.acceptedAt),
            isNull(memberInvitations.revokedAt),
          ),
        )
      const [invitation] = await tx
        .insert(memberInvitations)
        .values({
          orgId: actor.orgId,
          email: input.email,
          name: input.name,
          role: input.role,
          tokenHash: hashInvitationToken(token),
          invitedBy: actor.userId,
          expiresAt: new Date(now.getTime() + MEMBER_INVITATION_TTL_MS),
        })
        .returning()
      if (!invitation) throw new Error('member invitation insert returned nothing')
      const queued = params.email
        ? await queueInvitationEmail(tx, actor, invitation, params.joinUrl(token))
        : null
      return { invitation, token, emailId: queued?.id ?? null }
    })
  } catch (err) {
    if (isUniqueViolation(err, 'member_invitations_open_email_key'))
      throw new ConflictError(
        'invitation_conflict',
        'This address was invited at the same moment; try again',
      )
    throw err
  }
}

async function queueInvitationEmail(
  tx: Transaction,
  actor: StaffActor,
  invitation: MemberInvitationRow,
  link: string,
) {
  const [context] = await tx
    .select({ orgName: organizations.name, inviter: users.name })
    .from(organizations)
    .leftJoin(users, eq(users.id, actor.userId))
    .where(eq(organizations.id, actor.orgId))
  return queueEmail(tx, {
    orgId: actor.orgId,
    kind: 'member_invitation',
    to: invitation.email,
    memberInvitationId: invitation.id,
    data: {
      name: invitation.name,
      org_name: context?.orgName ?? '',
      role: invitation.role === 'admin' ? 'admin' : 'recruiter',
      invited_by: context?.inviter ?? null,
      expires_at: invitation.expiresAt.toISOString(),
      link,
    },
  })
}

function alreadyStaff(user: { orgId: string; deactivatedAt: Date | null }, orgId: string) {
  if (user.orgId !== orgId)
    return new ConflictError('email_taken', 'This address already has a staff account')
  if (user.deactivatedAt)
    return new ConflictError(
      'member_deactivated',
      'This address belongs to a deactivated member; reactivate them instead',
    )
  return new ConflictError('already_member', 'This address already belongs to a team member')
}
