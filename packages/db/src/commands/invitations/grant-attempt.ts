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
/** The schema's bound (invitations_extra_attempts_range). */
const MAX_EXTRA_ATTEMPTS = 100

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
    if (current.expiresAt.getTime() <= params.now.getTime())
      throw new ConflictError(
        'invitation_expired',
        'This invitation has expired, so an attempt could not be used; invite the candidate again',
      )
    if (current.extraAttempts >= MAX_EXTRA_ATTEMPTS)
      throw new ConflictError(
        'extra_attempts_exhausted',
        `An invitation takes at most ${MAX_EXTRA_ATTEMPTS} extra attempts`,
      )
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
    // The grant is audited on the attempt it follows; before any attempt there is nothing to add to.
    if (!latest)
      throw new ConflictError(
        'no_attempt_yet',
        'The candidate has not started an attempt yet; their attempts are all still available',
      )
    const [updated] = await tx
      .update(invitations)
      .set({ extraAttempts: sql`${invitations.extraAttempts} + 1` })
      .where(eq(invitations.id, current.id))
      .returning()
    if (!updated) throw new Error('invitation update returned nothing')
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
