import {
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  nextDeadline,
  sessionExpiresAt,
} from '@assess/core'
import { and, count, eq } from 'drizzle-orm'
import { isUniqueViolation } from '../../pg-errors.ts'
import { invitations, testSessions } from '../../schema/index.ts'
import { clockOf } from './clock-state.ts'
import { loadDefinition } from './definition.ts'
import { logEvents } from './events.ts'
import type { SessionContext, SessionSnapshot } from './types.ts'

export interface CandidateScope {
  candidateId: string
  orgId: string
  assessmentId: string
  invitationId: string
}

/**
 * Starts an attempt. The invitation row is locked first, so two starts of one candidate queue up;
 * the partial unique index on active sessions backs that up: a race yields one session and a 409.
 */
export async function startSession(
  ctx: SessionContext,
  params: {
    candidate: CandidateScope
    assessmentId: string
    ip?: string | null
    userAgent?: string | null
  },
): Promise<SessionSnapshot & { leaseId: string }> {
  const { candidate } = params
  if (params.assessmentId !== candidate.assessmentId)
    throw new NotFoundError('assessment_not_found', 'Assessment not found')
  const now = ctx.now()
  try {
    return await ctx.db.transaction(async (tx) => {
      const [invitation] = await tx
        .select()
        .from(invitations)
        .where(
          and(
            eq(invitations.id, candidate.invitationId),
            eq(invitations.candidateId, candidate.candidateId),
          ),
        )
        .for('update')
      if (!invitation) throw new NotFoundError('assessment_not_found', 'Assessment not found')
      const definition = await loadDefinition(tx, invitation.assessmentId)
      const { assessment } = definition
      const [active] = await tx
        .select({ id: testSessions.id })
        .from(testSessions)
        .where(
          and(
            eq(testSessions.assessmentId, assessment.id),
            eq(testSessions.candidateId, candidate.candidateId),
            eq(testSessions.status, 'active'),
          ),
        )
      if (active)
        throw new ConflictError(
          'session_active',
          'You already have this test open; resume it instead',
          {
            session_id: active.id,
          },
        )
      if (invitation.status === 'revoked')
        throw new GoneError('invitation_revoked', 'This invitation was withdrawn by the recruiter')
      if (invitation.expiresAt.getTime() <= now.getTime())
        throw new GoneError('invitation_expired', 'This invitation has expired')
      if (assessment.status !== 'published')
        throw new ConflictError(
          'assessment_not_published',
          'This assessment is not open for attempts',
        )
      const [used] = await tx
        .select({ n: count() })
        .from(testSessions)
        .where(
          and(
            eq(testSessions.assessmentId, assessment.id),
            eq(testSessions.candidateId, candidate.candidateId),
          ),
        )
      const attemptsUsed = used?.n ?? 0
      if (attemptsUsed >= assessment.maxAttempts)
        throw new ForbiddenError(
          'attempts_exhausted',
          'You have used every attempt at this assessment',
        )

      const leaseId = crypto.randomUUID()
      const draft = {
        orgId: assessment.orgId,
        assessmentId: assessment.id,
        candidateId: candidate.candidateId,
        invitationId: invitation.id,
        attemptNumber: attemptsUsed + 1,
        extraTimePercent: invitation.extraTimePercent,
        startedAt: now,
        expiresAt: sessionExpiresAt(now, assessment.durationMinutes, invitation.extraTimePercent),
        currentQuestionIndex: 0,
        currentQuestionServedAt: now,
        lastHeartbeat: now,
        lastActivity: now,
        leaseId,
        leaseRenewedAt: now,
        ip: params.ip ?? null,
        userAgent: params.userAgent?.slice(0, 500) ?? null,
      }
      const [session] = await tx
        .insert(testSessions)
        .values({
          ...draft,
          nextDeadlineAt: nextDeadline(
            clockOf(draft, definition, new Set()),
            definition.clockQuestions,
          ),
        })
        .returning()
      if (!session) throw new Error('session insert returned nothing')
      await logEvents(tx, session, now, [
        { type: 'started', data: { attempt_number: session.attemptNumber } },
      ])
      return { session, definition, answeredQuestionIds: new Set<string>(), now, leaseId }
    })
  } catch (err) {
    if (
      isUniqueViolation(err, 'test_sessions_one_active_key') ||
      isUniqueViolation(err, 'test_sessions_attempt_key')
    )
      throw new ConflictError(
        'session_active',
        'You already have this test open; resume it instead',
      )
    throw err
  }
}
