/**
 * Who may open an invitation link and who may start an attempt, pure: one rule for accept and
 * start, one set of error codes. Opening the link again from another device must keep working
 * while an attempt is under way, even past the link's expiry or the last attempt.
 */
import { ConflictError, type DomainError, GoneError } from '../errors.ts'

export interface EligibilityFacts {
  invitationStatus: 'pending' | 'accepted' | 'revoked'
  invitationExpiresAt: Date
  assessmentStatus: 'draft' | 'published' | 'archived'
  /** A staff member's preview: a draft may be tried before it is published. */
  preview: boolean
  maxAttempts: number
  /** Attempts a recruiter granted this invitation on top of max_attempts. */
  extraAttempts: number
  /** Attempts started so far, the active one included. */
  attemptsUsed: number
  activeSessionId: string | null
  now: Date
}

/** A revoked invitation's link and token stop working at once, on every route. */
export const invitationRevoked = () =>
  new GoneError('invitation_revoked', 'This invitation was withdrawn by the recruiter')

/** Why the link, the assessment or the attempts stop a new attempt (null: they do not). */
function newAttemptRefusal(f: EligibilityFacts): DomainError | null {
  if (f.invitationStatus === 'revoked') return invitationRevoked()
  if (f.assessmentStatus !== 'published' && !(f.preview && f.assessmentStatus === 'draft'))
    return new GoneError('assessment_unavailable', 'This assessment is no longer available')
  if (f.invitationExpiresAt.getTime() <= f.now.getTime())
    return new GoneError('invitation_expired', 'This invitation has expired')
  if (f.attemptsUsed >= f.maxAttempts + f.extraAttempts)
    return new GoneError('attempts_exhausted', 'You have used every attempt at this assessment')
  return null
}

/**
 * Opening the link: refused when revoked or the assessment is withdrawn; expiry and used-up
 * attempts only count when no attempt is under way (that one may always be resumed).
 */
export function acceptRefusal(f: EligibilityFacts): DomainError | null {
  const refusal = newAttemptRefusal(f)
  if (!refusal || f.activeSessionId === null) return refusal
  const resumable = ['invitation_expired', 'attempts_exhausted'].includes(refusal.code)
  return resumable ? null : refusal
}

/** Starting an attempt: never a second one while one is active, then the same rule. */
export function startRefusal(f: EligibilityFacts): DomainError | null {
  if (f.activeSessionId !== null)
    return new ConflictError(
      'session_active',
      'You already have this test open; resume it instead',
      {
        session_id: f.activeSessionId,
      },
    )
  return newAttemptRefusal(f)
}
