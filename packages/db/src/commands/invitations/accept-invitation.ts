import { acceptRefusal, NotFoundError } from '@assess/core'
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
    const [usage] = await tx
      .select({
        used: count(),
        active: sql<string | null>`(array_agg(${testSessions.id})
          FILTER (WHERE ${testSessions.status} IN ('active', 'paused')))[1]`,
      })
      .from(testSessions)
      .where(
        and(
          eq(testSessions.assessmentId, assessment.id),
          eq(testSessions.candidateId, candidate.id),
        ),
      )
    const attemptsUsed = usage?.used ?? 0
    const refusal = acceptRefusal({
      invitationStatus: invitation.status,
      invitationExpiresAt: invitation.expiresAt,
      assessmentStatus: assessment.status,
      preview: invitation.preview,
      maxAttempts: assessment.maxAttempts,
      extraAttempts: invitation.extraAttempts,
      attemptsUsed,
      activeSessionId: usage?.active ?? null,
      now: params.now,
    })
    if (refusal) throw refusal

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
