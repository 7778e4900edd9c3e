import { type CompletionMethod, isFinished, type LiveEvent, type SessionStatus } from '@assess/core'
import type { LivePublisher } from './publisher.ts'

/** The columns of a session row that an ending is told from. */
export interface EndedSessionLike {
  id: string
  orgId: string
  assessmentId: string
  status: SessionStatus
  completionMethod: CompletionMethod | null
  completedAt: Date | null
  progressPercent: number
  /** A staff member's preview: not monitored (the publisher drops its events). */
  preview: boolean
}

type CompletedEvent = Extract<LiveEvent, { type: 'session.completed' }>

/**
 * `session.completed` for a session that has ended, whoever ended it (the candidate, the last
 * answer, the clock, the sweeper, a recruiter); null for one still under way.
 */
export function sessionCompletedEvent(session: EndedSessionLike): CompletedEvent | null {
  const { status, completionMethod, completedAt } = session
  if (status === 'active' || status === 'paused' || !isFinished(status)) return null
  if (!completionMethod || !completedAt) return null
  return {
    type: 'session.completed',
    at: completedAt.toISOString(),
    session_id: session.id,
    assessment_id: session.assessmentId,
    data: {
      status,
      completion_method: completionMethod,
      completed_at: completedAt.toISOString(),
      progress_percent: session.progressPercent,
    },
  }
}

/** Publishes `session.completed` for a session that has ended (not awaited: best-effort). */
export function publishSessionEnded(live: LivePublisher, session: EndedSessionLike) {
  const event = sessionCompletedEvent(session)
  if (event) void live.publish(session, event)
}
