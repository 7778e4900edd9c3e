import type { CandidateAssessmentView, InvitationView } from '@assess/core'
import type { acceptInvitation, InvitationRow } from '@assess/db'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** The link a candidate opens: the SPA's invitation page on this deployment's address. */
export const invitationLink = (publicUrl: string, token: string) =>
  new URL(`/invite/${token}`, publicUrl).toString()

export const invitationView = (i: InvitationRow, now: Date): InvitationView => ({
  id: i.id,
  assessment_id: i.assessmentId,
  candidate_id: i.candidateId,
  email: i.email,
  name: i.name,
  status: i.status !== 'revoked' && i.expiresAt.getTime() <= now.getTime() ? 'expired' : i.status,
  extra_time_percent: i.extraTimePercent,
  extra_attempts: i.extraAttempts,
  expires_at: i.expiresAt.toISOString(),
  accepted_at: iso(i.acceptedAt),
  revoked_at: iso(i.revokedAt),
  created_at: i.createdAt.toISOString(),
})

type Accepted = Awaited<ReturnType<typeof acceptInvitation>>

/** The start page's facts: what is asked and how long it takes; nothing that grades. */
export function candidateAssessmentView(accepted: Accepted): CandidateAssessmentView {
  const { assessment: a, invitation, questions, attemptsUsed } = accepted
  const extra = invitation.extraTimePercent
  const sections = [
    ...new Set(questions.map((q) => q.section).filter((s): s is string => s !== null)),
  ]
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    duration_minutes: a.durationMinutes,
    effective_duration_minutes:
      a.durationMinutes === null
        ? null
        : Math.round(a.durationMinutes * (1 + extra / 100) * 100) / 100,
    extra_time_percent: extra,
    navigation: a.navigation,
    question_count: questions.length,
    total_points: questions.reduce((sum, q) => sum + q.points, 0),
    sections,
    question_time_limits_seconds: questions.map((q) => q.timeLimitSeconds),
    max_attempts: a.maxAttempts + invitation.extraAttempts,
    attempts_used: attemptsUsed,
    preview: invitation.preview,
  }
}

/** The longest an attempt can last: the overall limit, or the sum of the question limits. */
export function longestAttemptSeconds(view: CandidateAssessmentView): number {
  if (view.effective_duration_minutes !== null) return view.effective_duration_minutes * 60
  const perQuestion = view.question_time_limits_seconds.reduce<number>(
    (sum, s) => sum + (s ?? 0),
    0,
  )
  return perQuestion * (1 + view.extra_time_percent / 100)
}
