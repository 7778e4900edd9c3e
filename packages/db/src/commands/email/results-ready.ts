import { and, eq, isNull, ne } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '../../client.ts'
import { assessments, invitations, testSessions, users } from '../../schema/index.ts'
import { queueEmail } from './queue-email.ts'

const recruiters = alias(users, 'recruiter')
const candidates = alias(users, 'candidate')

/**
 * "Results ready" to the staff member who invited the candidate, with the caller's transaction
 * (the summary's): only while that person is active staff of the session's organization. No
 * invitation, an inviter since deleted or deactivated, a preview: no email. Null when none was
 * queued.
 */
export async function queueResultsReadyEmail(
  db: Db,
  params: {
    sessionId: string
    percentage: number | null
    recommendation: string | null
    /** The product's address: the report link is `${publicUrl}/results/<session id>`. */
    publicUrl: string
  },
): Promise<{ id: string } | null> {
  const [row] = await db
    .select({
      orgId: testSessions.orgId,
      recruiterEmail: recruiters.email,
      recruiterName: recruiters.name,
      invitedName: invitations.name,
      candidateName: candidates.name,
      candidateEmail: candidates.email,
      assessmentTitle: assessments.title,
    })
    .from(testSessions)
    .innerJoin(invitations, eq(invitations.id, testSessions.invitationId))
    .innerJoin(
      recruiters,
      and(
        eq(recruiters.id, invitations.createdBy),
        eq(recruiters.orgId, testSessions.orgId),
        ne(recruiters.role, 'candidate'),
        isNull(recruiters.deactivatedAt),
      ),
    )
    .innerJoin(candidates, eq(candidates.id, testSessions.candidateId))
    .innerJoin(assessments, eq(assessments.id, testSessions.assessmentId))
    // A staff member's preview: they are looking at it already.
    .where(and(eq(testSessions.id, params.sessionId), eq(testSessions.preview, false)))
  if (!row) return null
  // A candidate invited without a name is stored under their email: that is no name.
  const candidateName =
    row.invitedName ?? (row.candidateName !== row.candidateEmail ? row.candidateName : null)
  return queueEmail(db, {
    orgId: row.orgId,
    kind: 'results_ready',
    to: row.recruiterEmail,
    data: {
      recruiter_name: row.recruiterName,
      candidate_name: candidateName,
      candidate_email: row.candidateEmail,
      assessment_title: row.assessmentTitle,
      percentage: params.percentage,
      recommendation: params.recommendation,
      report_url: new URL(`/results/${params.sessionId}`, params.publicUrl).toString(),
    },
  })
}
