import type { EventsInput, LiveEvent } from '@assess/core'
import type { AnswerRow, SessionContext, SessionRow, SessionSnapshot } from '@assess/db'
import { type LivePublisher, type LiveSubject, publishSessionEnded } from '@assess/live'
import type { AppDeps } from '../../deps.ts'

/**
 * The context every router hands to session commands: besides the database, clock and queue,
 * the endings the clock catches up on the way are published (once, after commit).
 */
export function sessionContext(
  deps: Pick<AppDeps, 'db' | 'now' | 'queue' | 'live'>,
): SessionContext {
  const { db, now, queue, live } = deps
  return { db, now, queue, onClockEnded: (session) => publishSessionEnded(live, session) }
}

/**
 * What the sessions routes tell live monitoring. Each is called once its command has committed,
 * and publishes without waiting: a slow or absent Redis never slows or fails the candidate.
 */
export function sessionLiveEvents(live: LivePublisher) {
  const publish = (subject: LiveSubject, event: LiveEvent) => void live.publish(subject, event)
  const ended = (session: SessionRow) => publishSessionEnded(live, session)
  const base = ({ session, now }: SessionSnapshot) => ({
    at: now.toISOString(),
    session_id: session.id,
    assessment_id: session.assessmentId,
  })

  return {
    started(snap: SessionSnapshot & { candidate: { name: string; email: string } }) {
      const { session, definition } = snap
      publish(session, {
        type: 'session.started',
        ...base(snap),
        candidate: snap.candidate,
        data: {
          assessment_title: definition.assessment.title,
          attempt_number: session.attemptNumber,
          total_questions: definition.questions.length,
          expires_at: session.expiresAt?.toISOString() ?? null,
        },
      })
    },

    /** A new answer (a replay is not news), and the end it brought, if it was the last. */
    submitted(result: SessionSnapshot & { answer: AnswerRow; duplicate: boolean }) {
      const { answer, session } = result
      if (result.duplicate) return
      publish(session, {
        type: 'answer.submitted',
        ...base(result),
        data: {
          answer_id: answer.id,
          question_id: answer.questionId,
          question_index: result.definition.indexById.get(answer.questionId) ?? -1,
          time_expired: answer.timeExpired,
          progress_percent: session.progressPercent,
        },
      })
      if (result.endedByCall) ended(session)
    },

    integrity(params: {
      subject: LiveSubject
      sessionId: string
      assessmentId: string
      types: EventsInput['events'][number]['type'][]
      at: Date
    }) {
      publish(params.subject, {
        type: 'integrity.event',
        at: params.at.toISOString(),
        session_id: params.sessionId,
        assessment_id: params.assessmentId,
        data: { types: params.types },
      })
    },

    /** complete, quit: `session.completed` when this call ended the session. */
    endedByCall(snap: SessionSnapshot) {
      if (snap.endedByCall) ended(snap.session)
    },
  }
}
