import {
  nextDeadline,
  type ProctorAction,
  planExtend,
  planPause,
  planResume,
  proctorRefusal,
} from '@assess/core'
import { eq } from 'drizzle-orm'
import { testSessions } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import { cancelLockedSession } from './cancel-sessions.ts'
import { clockOf } from './clock-state.ts'
import { logEvents } from './events.ts'
import type { SessionContext, SessionRow, SessionSnapshot } from './types.ts'
import { snapshot, type Touch, withSession } from './with-session.ts'

export interface ProctorCall {
  actor: StaffActor
  sessionId: string
  reason: string
}

/**
 * The frame of a recruiter's action on a session of their organization: lock it, let the clock
 * catch up (a deadline that passed before the action stays passed), check the state machine,
 * then `apply` the change and log it with who and why.
 */
function proctor(
  ctx: SessionContext,
  action: ProctorAction,
  call: ProctorCall,
  apply: (touch: Touch) => Promise<{ session: SessionRow; event: Record<string, unknown> }>,
): Promise<SessionSnapshot> {
  return withSession(ctx, { sessionId: call.sessionId, orgId: call.actor.orgId }, async (touch) => {
    const refusal = proctorRefusal(action, touch.session.status)
    if (refusal) throw refusal
    const { session, event } = await apply(touch)
    await logEvents(touch.tx, session, touch.now, [
      {
        type: EVENT_TYPES[action],
        data: { ...event, reason: call.reason, by_user_id: call.actor.userId },
      },
    ])
    return snapshot({ ...touch, session })
  })
}

const EVENT_TYPES: Record<ProctorAction, string> = {
  pause: 'paused',
  // Not `resumed`: that is the candidate reopening the test.
  resume: 'unpaused',
  extend: 'extended',
  cancel: 'cancelled',
}

async function update(touch: Touch, patch: Partial<SessionRow>) {
  const [updated] = await touch.tx
    .update(testSessions)
    .set(patch)
    .where(eq(testSessions.id, touch.session.id))
    .returning()
  if (!updated) throw new Error('session update returned nothing')
  return updated
}

/** The next deadline of a session whose clock fields `patch` moves. */
function deadlineAfter(touch: Touch, patch: Partial<SessionRow>) {
  const clock = clockOf({ ...touch.session, ...patch }, touch.definition, touch.answered)
  return nextDeadline(clock, touch.definition.clockQuestions)
}

/** The clock stops: no expiry, question timeout or abandonment until resumed. */
export const pauseSession = (ctx: SessionContext, call: ProctorCall) =>
  proctor(ctx, 'pause', call, async (touch) => ({
    session: await update(touch, planPause(touch.now, call.reason)),
    event: {},
  }))

/** The clock runs again, every deadline moved by the paused time. */
export const resumePausedSession = (ctx: SessionContext, call: ProctorCall) =>
  proctor(ctx, 'resume', call, async (touch) => {
    const { pausedMs, patch } = planResume(touch.session, touch.now)
    const session = await update(touch, { ...patch, nextDeadlineAt: deadlineAfter(touch, patch) })
    return { session, event: { paused_ms: pausedMs } }
  })

/** More time: the session's end and the current question's window move by `minutes`. */
export const extendSession = (ctx: SessionContext, call: ProctorCall & { minutes: number }) =>
  proctor(ctx, 'extend', call, async (touch) => {
    const { definition, answered } = touch
    const open =
      definition.assessment.navigation === 'free'
        ? Object.keys(clockOf(touch.session, definition, answered).questionServedAt ?? {}).filter(
            (id) => !answered.has(id),
          )
        : [definition.questions[touch.session.currentQuestionIndex]?.id ?? ''].filter(Boolean)
    const patch = planExtend(touch.session, call.minutes, open)
    const session = await update(touch, { ...patch, nextDeadlineAt: deadlineAfter(touch, patch) })
    return {
      session,
      event: {
        minutes: call.minutes,
        expires_at: session.expiresAt?.toISOString() ?? null,
      },
    }
  })

/** Ends the attempt as `cancelled`: stored answers are kept and graded; no recommendation. */
export const cancelSession = (ctx: SessionContext, call: ProctorCall) =>
  proctor(ctx, 'cancel', call, async (touch) => ({
    session: await cancelLockedSession(touch.tx, touch.session, touch.now),
    event: { completion_method: 'cancelled' },
  }))
