import type { ProctorAction } from '@assess/core'
import type { SessionRow } from '@assess/db'
import { type LivePublisher, publishSessionEnded } from '@assess/live'

/**
 * What a recruiter's action tells live monitoring, once it has committed (not awaited): the
 * action itself, and for a cancel the ending every dashboard listens for.
 */
export function publishProctorAction(
  live: LivePublisher,
  action: ProctorAction,
  session: SessionRow,
  by: { reason: string; userId: string; minutes?: number; at: Date },
) {
  const base = {
    at: by.at.toISOString(),
    session_id: session.id,
    assessment_id: session.assessmentId,
  }
  const who = { reason: by.reason, by_user_id: by.userId }
  const expires_at = session.expiresAt?.toISOString() ?? null
  if (action === 'pause') void live.publish(session, { type: 'session.paused', ...base, data: who })
  if (action === 'resume')
    void live.publish(session, { type: 'session.resumed', ...base, data: { ...who, expires_at } })
  if (action === 'extend')
    void live.publish(session, {
      type: 'session.extended',
      ...base,
      data: { ...who, minutes: by.minutes ?? 0, expires_at },
    })
  if (action === 'cancel') {
    void live.publish(session, { type: 'session.cancelled', ...base, data: who })
    publishSessionEnded(live, session)
  }
}
