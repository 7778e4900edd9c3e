import { and, asc, desc, eq, gt, isNull, ne } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { memberInvitations, users } from '../../schema/index.ts'

/**
 * The organization's staff, active and deactivated (oldest first), and its open member
 * invitations (not accepted, revoked or expired; newest first). A team is small: no pages.
 */
export async function listMembers(db: Db, params: { orgId: string; now: Date }) {
  const [members, invitations] = await Promise.all([
    db
      .select()
      .from(users)
      .where(and(eq(users.orgId, params.orgId), ne(users.role, 'candidate')))
      .orderBy(asc(users.createdAt), asc(users.id)),
    db
      .select()
      .from(memberInvitations)
      .where(
        and(
          eq(memberInvitations.orgId, params.orgId),
          isNull(memberInvitations.acceptedAt),
          isNull(memberInvitations.revokedAt),
          gt(memberInvitations.expiresAt, params.now),
        ),
      )
      .orderBy(desc(memberInvitations.createdAt), desc(memberInvitations.id)),
  ])
  return { members, invitations }
}
