import { ApiError } from '../api/client.ts'

/** Loading and error states, the same everywhere. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {label}
    </p>
  )
}

export function ErrorNote({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="error" role="alert">
      <p>{describeError(error)}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  )
}

/** API errors in words a person understands. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.'
  if (error.offline) return 'You appear to be offline. We will retry when the connection is back.'
  const words: Record<string, string> = {
    invalid_credentials: 'That email and password do not match.',
    rate_limited: 'Too many attempts. Please wait a minute and try again.',
    invitation_not_found: 'This invitation link is not valid. Check the link you received.',
    invitation_expired: 'This invitation has expired. Ask the recruiter for a new link.',
    invitation_revoked: 'This invitation was withdrawn. Ask the recruiter for a new link.',
    attempts_exhausted: 'You have used all attempts for this assessment.',
    session_locked: 'This test is open on another device or tab.',
    lease_revoked: 'This test was continued on another device or tab.',
    question_expired: "This question's time is over; your draft was submitted.",
    already_answered: 'This question was already submitted.',
    question_not_current: 'This question is not open any more; continue with the current one.',
    session_not_active: 'This test has ended; everything you saved was submitted.',
    session_active: 'You already have this test open; resuming it.',
    invalid_token: 'Please sign in again.',
    token_expired: 'Your sign-in has expired. Please sign in again.',
    missing_token: 'Please sign in.',
    time_limit_exceeded: "This question's time is over; your last saved draft was submitted.",
    invalid_answer: 'This answer does not fit the question. Check it and submit again.',
    question_not_found: 'This question is not part of your test any more. Reload the page.',
    assessment_unavailable: 'This test is no longer available. Ask the recruiter.',
    code_runner_unavailable: 'The code runner is not available right now. Your code is saved.',
    not_a_code_question: 'Only code questions have sample tests.',
    forbidden: 'Your account is not allowed to do this.',
    signup_disabled: 'Sign-up is turned off here. Ask your administrator for an account.',
    email_taken: 'An account with this email already exists. Sign in instead.',
    assessment_not_found: 'This assessment does not exist, or it belongs to another organization.',
    assessment_not_editable: 'This assessment is published and can no longer be changed.',
    assessment_not_published: 'Publish the assessment before inviting candidates.',
    assessment_has_no_questions: 'Add at least one question before publishing.',
    assessment_archived: 'This assessment is archived.',
    invitation_conflict: 'This candidate was invited at the same moment. Please try again.',
    session_not_found: 'This session does not exist, or it belongs to another organization.',
    invalid_cursor: 'The list changed; reload the page to start again.',
    payload_too_large: 'This is too large to save. Shorten the longest texts and try again.',
    internal_error: 'Something went wrong on our side. Please try again.',
    admin_only: 'Only an administrator of your organization can do this.',
    account_deactivated: 'This account has been deactivated. Ask an administrator.',
    account_not_found: 'This account no longer exists. Please sign in again.',
    last_admin:
      'Your organization needs at least one active administrator: make someone else an admin first.',
    already_member: 'This person is already on your team.',
    member_deactivated: 'This person was deactivated: reactivate them from the team list instead.',
    member_not_found: 'This team member does not exist, or belongs to another organization.',
    member_invitation_not_found: 'This invitation link is not valid. Check the link you received.',
    member_invitation_expired: 'This invitation has expired. Ask an administrator for a new link.',
    member_invitation_revoked:
      'This invitation was withdrawn. Ask an administrator for a new link.',
    member_invitation_used: 'This invitation has already been used. Sign in instead.',
  }
  const fields = error.details.fields
  const fieldText = fields
    ? ` ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v.join(', ')}`)
        .join('; ')}`
    : ''
  return (words[error.code] ?? error.message) + fieldText
}
