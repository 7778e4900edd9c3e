import {
  type ClockQuestion,
  type ClockSession,
  ConflictError,
  leaseRefusal,
  withheld,
} from '@assess/core'
import type { SessionRow } from './types.ts'

/** Only the device holding the current lease may change a session (the rule: core's lease.ts). */
export function assertLease(session: SessionRow, leaseId: string | undefined) {
  const refusal = leaseRefusal(session, leaseId)
  if (refusal === null) return
  if (refusal === 'lease_revoked')
    throw new ConflictError(
      'lease_revoked',
      'This test was opened on another device or tab, which now holds it',
      {
        session_id: session.id,
      },
    )
  throw new ConflictError('session_locked', 'This test is open in another tab or device', {
    session_id: session.id,
  })
}

/**
 * Only an active session takes answers, drafts, heartbeats or events; a paused one says why, so
 * the candidate's page can show the recruiter's reason and wait.
 */
export function assertActive(session: SessionRow) {
  if (session.status === 'paused')
    throw new ConflictError('session_paused', 'Your test is paused by the recruiter', {
      status: session.status,
      reason: session.pauseReason,
    })
  if (session.status !== 'active')
    throw new ConflictError('session_not_active', `This test is ${session.status}`, {
      status: session.status,
    })
}

/** Free navigation: a timed question is run or answered only once opened (core's `withheld`). */
export function assertNotWithheld(clock: ClockSession, question: ClockQuestion, index: number) {
  if (withheld(clock, question, index))
    throw new ConflictError('question_not_opened', 'Open this question first: its time starts then')
}

/** Sequential navigation serves one question at a time: only the current one may be touched. */
export function assertCurrentQuestion(
  session: SessionRow,
  navigation: 'sequential' | 'free',
  index: number,
) {
  if (navigation === 'sequential' && index !== session.currentQuestionIndex)
    throw new ConflictError('question_not_current', 'Answer the current question first', {
      current_question_index: session.currentQuestionIndex,
    })
}
