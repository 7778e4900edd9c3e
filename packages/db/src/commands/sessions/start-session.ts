import {
  ConflictError,
  NotFoundError,
  nextDeadline,
  sessionExpiresAt,
  startRefusal,
} from '@assess/core'
import { isUniqueViolation } from '../../pg-errors.ts'
import { fromRaw } from '../../raw-rows.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { testSessions } from '../../schema/index.ts'
import { clockOf } from './clock-state.ts'
import { loadDefinition } from './definition.ts'
import type { SessionContext, SessionSnapshot } from './types.ts'

/** The candidate token's claims a start needs. */
export interface CandidateToken {
  candidateId: string
  orgId: string
  assessmentId: string
  invitationId: string
}

interface Usage {
  used: number
  active: string | null
}

/**
 * Starts an attempt, in two round trips. The invitation row is locked first, so two starts of
 * one candidate queue up, and the attempts are counted after the lock is held; the partial
 * unique index on active sessions backs that up: a race yields one session and a 409.
 */
export async function startSession(
  ctx: SessionContext,
  params: {
    candidate: CandidateToken
    assessmentId: string
    ip?: string | null
    userAgent?: string | null
  },
): Promise<SessionSnapshot & { leaseId: string; candidate: { name: string; email: string } }> {
  const { candidate } = params
  if (params.assessmentId !== candidate.assessmentId)
    throw new NotFoundError('assessment_not_found', 'Assessment not found')
  const definition = await loadDefinition(ctx.db, candidate.assessmentId)
  const { assessment } = definition
  const now = ctx.now()
  const at = now.toISOString()
  try {
    return await pipelinedTransaction(ctx.db.$client, async ({ sql, commitWith }) => {
      const [[invitation], [usage]] = await Promise.all([
        sql<
          {
            status: 'pending' | 'accepted' | 'revoked'
            expires_at: string
            extra: number
            extra_attempts: number
            preview: boolean
          }[]
        >`
          SELECT status, expires_at, extra_time_percent AS extra, extra_attempts, preview
          FROM invitations
          WHERE id = ${candidate.invitationId} AND candidate_id = ${candidate.candidateId}
            AND assessment_id = ${assessment.id}
          FOR UPDATE`,
        sql<Usage[]>`SELECT count(*)::int AS used,
            (array_agg(id) FILTER (WHERE status IN ('active', 'paused')))[1] AS active
          FROM test_sessions
          WHERE assessment_id = ${assessment.id} AND candidate_id = ${candidate.candidateId}`,
      ])
      if (!invitation) throw new NotFoundError('assessment_not_found', 'Assessment not found')
      const attemptsUsed = usage?.used ?? 0
      const refusal = startRefusal({
        invitationStatus: invitation.status,
        invitationExpiresAt: new Date(invitation.expires_at),
        assessmentStatus: assessment.status,
        preview: invitation.preview,
        maxAttempts: assessment.maxAttempts,
        extraAttempts: invitation.extra_attempts,
        attemptsUsed,
        activeSessionId: usage?.active ?? null,
        now,
      })
      if (refusal) throw refusal

      const leaseId = crypto.randomUUID()
      const expiresAt = sessionExpiresAt(now, assessment.durationMinutes, invitation.extra)
      // Free navigation opens on the first question: it is served now; the others when opened.
      const first = definition.questions[0]
      const questionServedAt =
        definition.assessment.navigation === 'free' && first ? { [first.id]: at } : {}
      const clock = {
        startedAt: now,
        expiresAt,
        extraTimePercent: invitation.extra,
        currentQuestionIndex: 0,
        currentQuestionServedAt: now,
        questionServedAt,
      }
      const nextDeadlineAt = nextDeadline(
        clockOf(clock, definition, new Set()),
        definition.clockQuestions,
      )
      const [row] = await commitWith(sql<
        { session: Record<string, unknown>; candidate: { name: string; email: string } }[]
      >`
        WITH started AS (
          INSERT INTO test_sessions (org_id, assessment_id, candidate_id, invitation_id,
            attempt_number, extra_time_percent, started_at, expires_at, current_question_index,
            current_question_served_at, question_served_at, last_heartbeat, last_activity,
            lease_id, lease_renewed_at, ip, user_agent, next_deadline_at, preview)
          VALUES (${assessment.orgId}, ${assessment.id}, ${candidate.candidateId},
            ${candidate.invitationId}, ${attemptsUsed + 1}, ${invitation.extra}, ${at},
            ${expiresAt?.toISOString() ?? null}::timestamptz, 0, ${at},
            ${JSON.stringify(questionServedAt)}::jsonb, ${at}, ${at}, ${leaseId},
            ${at}, ${params.ip ?? null}, ${params.userAgent?.slice(0, 500) ?? null},
            ${nextDeadlineAt?.toISOString() ?? null}::timestamptz, ${invitation.preview})
          RETURNING *
        ), logged AS (
          INSERT INTO session_events (org_id, session_id, type, at, data)
          SELECT org_id, id, 'started', ${at}, jsonb_build_object('attempt_number', attempt_number)
          FROM started
        )
        SELECT to_jsonb(started) AS session,
          (SELECT jsonb_build_object('name', u.name, 'email', u.email) FROM users u
           WHERE u.id = started.candidate_id) AS candidate
        FROM started`)
      if (!row) throw new Error('session insert returned nothing')
      const session = fromRaw(testSessions, row.session)
      const answeredQuestionIds = new Set<string>()
      return { session, definition, answeredQuestionIds, now, leaseId, candidate: row.candidate }
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
