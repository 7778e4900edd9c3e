import { eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { organizations } from '../../schema/index.ts'
import type { AssessmentRow } from '../assessments/types.ts'
import type { InvitationRow } from '../invitations/types.ts'
import { queueEmail } from './queue-email.ts'

/** The invitation link to the candidate, queued with the caller's transaction (the invitation's). */
export async function queueCandidateInvitationEmail(
  db: Db,
  params: {
    invitation: InvitationRow
    candidateName: string | null
    assessment: Pick<AssessmentRow, 'title' | 'durationMinutes'>
    link: string
  },
): Promise<{ id: string }> {
  const { invitation, assessment } = params
  const [org] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, invitation.orgId))
  if (!org) throw new Error('the invitation has no organization')
  return queueEmail(db, {
    orgId: invitation.orgId,
    kind: 'candidate_invitation',
    to: invitation.email,
    invitationId: invitation.id,
    data: {
      candidate_name: params.candidateName,
      org_name: org.name,
      assessment_title: assessment.title,
      duration_minutes: assessment.durationMinutes,
      extra_time_percent: invitation.extraTimePercent,
      expires_at: invitation.expiresAt.toISOString(),
      link: params.link,
    },
  })
}
