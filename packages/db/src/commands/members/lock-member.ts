import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '@assess/core'
import { and, count, eq, isNull, ne } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { memberInvitations, organizations, users } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import type { MemberRow } from './types.ts'

/**
 * Serializes the organization's membership changes: every invitation, role change,
 * deactivation and reactivation takes this lock first, so "is this the last active admin?" is
 * answered on what the previous change committed. NO KEY UPDATE, not UPDATE: rows that merely
 * reference the organization (sessions, answers) take KEY SHARE on it and must not wait for a
 * team change.
 *
 * Then the acting admin is read again: the middleware checked them before the request waited
 * here, and a change committed meanwhile (they were deactivated or demoted) must stop this one
 * with the answer the middleware would now give (401, or 403 `admin_only`).
 */
export async function lockMembership(tx: Transaction, actor: StaffActor) {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, actor.orgId))
    .for('no key update')
  const [self] = await tx
    .select({ role: users.role, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(
      and(eq(users.id, actor.userId), eq(users.orgId, actor.orgId), ne(users.role, 'candidate')),
    )
  if (!self)
    throw new UnauthorizedError('account_not_found', 'This account does not exist; sign in again')
  if (self.deactivatedAt)
    throw new UnauthorizedError('account_deactivated', 'This account has been deactivated')
  if (self.role !== 'admin')
    throw new ForbiddenError('admin_only', 'Only an administrator of the organization can do this')
}

/** A staff member of the actor's organization, locked for a change (another's is a 404). */
export async function lockMember(
  tx: Transaction,
  actor: StaffActor,
  memberId: string,
): Promise<MemberRow> {
  await lockMembership(tx, actor)
  const [member] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, memberId), eq(users.orgId, actor.orgId), ne(users.role, 'candidate')))
    .for('update')
  if (!member) throw new NotFoundError('member_not_found', 'Member not found')
  return member
}

/**
 * Refuses a change that would leave the organization without an active admin (someone must be
 * able to manage the team). Call after lockMember, with the member as they are now.
 */
export async function ensureAnotherActiveAdmin(tx: Transaction, member: MemberRow) {
  if (member.role !== 'admin' || member.deactivatedAt !== null) return
  const [admins] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.orgId, member.orgId), eq(users.role, 'admin'), isNull(users.deactivatedAt)))
  if ((admins?.n ?? 0) <= 1)
    throw new ConflictError(
      'last_admin',
      'This is the last active admin of the organization; make someone else an admin first',
    )
}

/**
 * Withdraws the open member invitations a member sent, when they stop being an active admin
 * (deactivated or demoted): a link they handed out must not outlive their right to hand it out.
 * Call under lockMembership, in the transaction of the change.
 */
export async function revokeInvitationsSentBy(
  tx: Transaction,
  member: MemberRow,
  now: Date,
): Promise<void> {
  await tx
    .update(memberInvitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(memberInvitations.orgId, member.orgId),
        eq(memberInvitations.invitedBy, member.id),
        isNull(memberInvitations.acceptedAt),
        isNull(memberInvitations.revokedAt),
      ),
    )
}
