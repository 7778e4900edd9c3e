import { ConflictError, type InvitationCreateInput, type InvitationEmailStatus } from '@assess/core'
import { and, eq, ne, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { isUniqueViolation } from '../../pg-errors.ts'
import { invitations, users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { getAssessment } from '../assessments/get-assessment.ts'
import { queueCandidateInvitationEmail } from '../email/candidate-invitation.ts'
import { type CancelledSessions, cancelInvitationSessions } from '../sessions/cancel-sessions.ts'
import { generateInvitationToken, hashInvitationToken } from './token.ts'

const HOUR_MS = 3_600_000

/**
 * Invites a candidate (created on first invitation, org-scoped) to a published assessment.
 * Re-inviting the same candidate revokes their previous link (one live link per candidate), which
 * cancels an attempt in progress on it (see revokeInvitation).
 *
 * `send_email` with `mail` (the deployment sends email) queues the link to the candidate in the
 * same transaction: the email exists exactly when the invitation does.
 */
export async function createInvitation(
  db: Db,
  actor: StaffActor,
  params: {
    assessmentId: string
    input: Omit<InvitationCreateInput, 'send_email'> & { send_email?: boolean }
    now: Date
    /** Null or absent: no SMTP configured. `linkFor`: the invitation link of a token. */
    mail?: { linkFor: (token: string) => string } | null
  },
) {
  const { input, now } = params
  const token = generateInvitationToken()
  try {
    return await inTransaction(db, async (tx) => {
      const { assessment } = await getAssessment(tx, {
        orgId: actor.orgId,
        assessmentId: params.assessmentId,
      })
      if (assessment.status !== 'published')
        throw new ConflictError(
          'assessment_not_published',
          'Publish the assessment before inviting candidates',
        )
      const [candidate] = await tx
        .insert(users)
        .values({
          orgId: actor.orgId,
          email: input.email,
          name: input.name ?? input.email,
          role: 'candidate',
        })
        .onConflictDoUpdate({
          target: [users.orgId, users.email],
          targetWhere: sql`${users.role} = 'candidate'`,
          set: { name: input.name ? input.name : sql`${users.name}` },
        })
        .returning()
      if (!candidate) throw new Error('candidate upsert returned nothing')
      const replaced = await tx
        .update(invitations)
        .set({ status: 'revoked', revokedAt: now })
        .where(
          and(
            eq(invitations.assessmentId, assessment.id),
            eq(invitations.candidateId, candidate.id),
            ne(invitations.status, 'revoked'),
          ),
        )
        .returning({ id: invitations.id })
      const ended: CancelledSessions = { storedAnswerIds: [], cancelled: [], endedByClock: [] }
      for (const old of replaced) {
        const { storedAnswerIds, cancelled, endedByClock } = await cancelInvitationSessions(tx, {
          invitationId: old.id,
          reason: 'invitation replaced by a new one',
          byUserId: actor.userId,
          now,
        })
        ended.storedAnswerIds.push(...storedAnswerIds)
        ended.cancelled.push(...cancelled)
        ended.endedByClock.push(...endedByClock)
      }
      const [invitation] = await tx
        .insert(invitations)
        .values({
          orgId: actor.orgId,
          assessmentId: assessment.id,
          candidateId: candidate.id,
          email: input.email,
          name: input.name ?? null,
          tokenHash: hashInvitationToken(token),
          extraTimePercent: input.extra_time_percent,
          expiresAt: new Date(now.getTime() + input.expires_in_hours * HOUR_MS),
          createdBy: actor.userId,
        })
        .returning()
      if (!invitation) throw new Error('invitation insert returned nothing')
      const mail = input.send_email ? params.mail : undefined
      const email: InvitationEmailStatus = !input.send_email
        ? 'not_requested'
        : mail
          ? 'queued'
          : 'not_configured'
      if (mail)
        await queueCandidateInvitationEmail(tx, {
          invitation,
          // A candidate first invited without a name is stored under their email: no name.
          candidateName: input.name ?? (candidate.name !== candidate.email ? candidate.name : null),
          assessment,
          link: mail.linkFor(token),
        })
      return { invitation, token, email, ...ended }
    })
  } catch (err) {
    if (isUniqueViolation(err, 'invitations_live_candidate_key'))
      throw new ConflictError(
        'invitation_conflict',
        'This candidate was invited at the same moment; try again',
      )
    throw err
  }
}
