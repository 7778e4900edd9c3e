import { ConflictError } from '@assess/core'
import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { invitations, sessionEvents, testSessions } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { lockInvitation } from './lock-invitation.ts'

/**
 * One more attempt for the invitation's candidate, on top of the assessment's max_attempts.
 * Audited on the candidate's latest attempt at it (the timeline the recruiter reads next to the
 * new attempt); a revoked link cannot be given attempts (re-invite instead).
 */
export function grantExtraAttempt(
  db: Db,
  actor: StaffActor,
  params: { invitationId: string; reason: string; now: Date },
) {
  return inTransaction(db, async (tx) => {
    const current = await lockInvitation(tx, actor, params.invitationId)
    if (current.status === 'revoked')
      throw new ConflictError(
        'invitation_revoked',
        'This invitation was revoked; invite the candidate again instead',
      )
    const [updated] = await tx
      .update(invitations)
      .set({ extraAttempts: sql`${invitations.extraAttempts} + 1` })
      .where(eq(invitations.id, current.id))
      .returning()
    if (!updated) throw new Error('invitation update returned nothing')
    const [latest] = await tx
      .select({ id: testSessions.id })
      .from(testSessions)
      .where(
        and(
          eq(testSessions.assessmentId, current.assessmentId),
          eq(testSessions.candidateId, current.candidateId),
        ),
      )
      .orderBy(desc(testSessions.attemptNumber))
      .limit(1)
    if (latest)
      await tx.insert(sessionEvents).values({
        orgId: actor.orgId,
        sessionId: latest.id,
        type: 'extra_attempt_granted',
        at: params.now,
        data: {
          invitation_id: current.id,
          extra_attempts: updated.extraAttempts,
          reason: params.reason,
          by_user_id: actor.userId,
        },
      })
    return updated
  })
}
