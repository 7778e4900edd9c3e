import {
  cancelSession,
  extendSession,
  grantExtraAttempt,
  pauseSession,
  resumePausedSession,
} from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { invitationView } from '../invitations/views.ts'
import { createRouter } from '../openapi.ts'
import { sessionContext } from '../sessions/live-events.ts'
import { publishProctorAction } from './live-events.ts'
import * as routes from './proctor.routes.ts'
import { proctorResultView } from './views.ts'

/** A recruiter steering a live session: pause, resume, extend, cancel; an extra attempt. */
export function createProctorRouter(deps: AppDeps) {
  const { db, now, tokens, live } = deps
  const ctx = sessionContext(deps)
  const staffOnly = { middleware: [requireStaff(tokens)] }

  return createRouter()
    .openapi({ ...routes.pause, ...staffOnly }, async (c) => {
      const call = {
        actor: c.get('staff'),
        sessionId: c.req.valid('param').id,
        ...c.req.valid('json'),
      }
      const snap = await pauseSession(ctx, call)
      publishProctorAction(live, 'pause', snap.session, {
        at: snap.now,
        reason: call.reason,
        userId: call.actor.userId,
      })
      return c.json(proctorResultView(snap), 200)
    })
    .openapi({ ...routes.resume, ...staffOnly }, async (c) => {
      const call = {
        actor: c.get('staff'),
        sessionId: c.req.valid('param').id,
        ...c.req.valid('json'),
      }
      const snap = await resumePausedSession(ctx, call)
      publishProctorAction(live, 'resume', snap.session, {
        at: snap.now,
        reason: call.reason,
        userId: call.actor.userId,
      })
      return c.json(proctorResultView(snap), 200)
    })
    .openapi({ ...routes.extend, ...staffOnly }, async (c) => {
      const call = {
        actor: c.get('staff'),
        sessionId: c.req.valid('param').id,
        ...c.req.valid('json'),
      }
      const snap = await extendSession(ctx, call)
      publishProctorAction(live, 'extend', snap.session, {
        at: snap.now,
        reason: call.reason,
        userId: call.actor.userId,
        minutes: call.minutes,
      })
      return c.json(proctorResultView(snap), 200)
    })
    .openapi({ ...routes.cancel, ...staffOnly }, async (c) => {
      const call = {
        actor: c.get('staff'),
        sessionId: c.req.valid('param').id,
        ...c.req.valid('json'),
      }
      const snap = await cancelSession(ctx, call)
      publishProctorAction(live, 'cancel', snap.session, {
        at: snap.now,
        reason: call.reason,
        userId: call.actor.userId,
      })
      return c.json(proctorResultView(snap), 200)
    })
    .openapi({ ...routes.extraAttempt, ...staffOnly }, async (c) => {
      const at = now()
      const invitation = await grantExtraAttempt(db, c.get('staff'), {
        invitationId: c.req.valid('param').id,
        reason: c.req.valid('json').reason,
        now: at,
      })
      return c.json({ invitation: invitationView(invitation, at) }, 200)
    })
}
