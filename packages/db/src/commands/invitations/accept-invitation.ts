import { GoneError, NotFoundError } from '@assess/core'
import { and, asc, count, eq, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { assessments, invitations, questions, testSessions, users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import { hashInvitationToken } from './token.ts'

/**
 * Exchanges an invitation link for the candidate behind it. Works again from another device
 * until the link expires, is revoked, or the candidate's attempts are used up.
 */
export function acceptInvitation(db: Db, params: { token: string; now: Date }) {
  return inTransaction(db, async (tx) => {
    const [found] = await tx
      .select({ invitation: invitations, assessment: assessments, candidate: users })
      .from(invitations)
      .innerJoin(assessments, eq(assessments.id, invitations.assessmentId))
      .innerJoin(users, eq(users.id, invitations.candidateId))
      .where(eq(invitations.tokenHash, hashInvitationToken(params.token)))
      .limit(1)
      .for('update', { of: invitations })
    if (!found) throw new NotFoundError('invitation_not_found', 'This invitation link is not valid')
    const { invitation, assessment, candidate } = found
    if (invitation.status === 'revoked')
      throw new GoneError('invitation_revoked', 'This invitation was withdrawn by the recruiter')
    if (assessment.status !== 'published')
      throw new GoneError('assessment_unavailable', 'This assessment is no longer available')

    const [usage] = await tx
      .select({
        used: count(),
        active: sql<number>`count(*) FILTER (WHERE ${testSessions.status} = 'active')::int`,
      })
      .from(testSessions)
      .where(
        and(
          eq(testSessions.assessmentId, assessment.id),
          eq(testSessions.candidateId, candidate.id),
        ),
      )
    const attemptsUsed = usage?.used ?? 0
    const inProgress = (usage?.active ?? 0) > 0
    // An attempt already under way may be resumed from another device after the link expires.
    if (!inProgress && invitation.expiresAt.getTime() <= params.now.getTime())
      throw new GoneError('invitation_expired', 'This invitation has expired')
    if (attemptsUsed >= assessment.maxAttempts && !inProgress)
      throw new GoneError('attempts_exhausted', 'You have used every attempt at this assessment')

    const [accepted] = await tx
      .update(invitations)
      .set({ status: 'accepted', acceptedAt: invitation.acceptedAt ?? params.now })
      .where(eq(invitations.id, invitation.id))
      .returning()
    const questionRows = await tx
      .select({
        section: questions.section,
        points: questions.points,
        timeLimitSeconds: questions.timeLimitSeconds,
      })
      .from(questions)
      .where(eq(questions.assessmentId, assessment.id))
      .orderBy(asc(questions.position))
    return {
      invitation: accepted ?? invitation,
      assessment,
      candidate,
      questions: questionRows,
      attemptsUsed,
    }
  })
}
