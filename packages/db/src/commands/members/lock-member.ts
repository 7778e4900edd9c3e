import { ConflictError, NotFoundError } from '@assess/core'
import { and, count, eq, isNull, ne } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { organizations, users } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import type { MemberRow } from './types.ts'

/**
 * Serializes the organization's membership changes: every role change, deactivation and
 * reactivation takes this lock first, so "is this the last active admin?" is answered on what
 * the previous change committed. NO KEY UPDATE, not UPDATE: rows that merely reference the
 * organization (sessions, answers) take KEY SHARE on it and must not wait for a team change.
 */
async function lockMembership(tx: Transaction, orgId: string) {
  await tx
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .for('no key update')
}

/** A staff member of the actor's organization, locked for a change (another's is a 404). */
export async function lockMember(
  tx: Transaction,
  actor: StaffActor,
  memberId: string,
): Promise<MemberRow> {
  await lockMembership(tx, actor.orgId)
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
