import type { ProctorAction } from '@assess/core'
import {
  cancelSession,
  extendSession,
  grantExtraAttempt,
  type ProctorCall,
  pauseSession,
  resumePausedSession,
  type SessionContext,
  type SessionSnapshot,
  type StaffActor,
} from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { invitationView } from '../invitations/views.ts'
import { createRouter } from '../openapi.ts'
import { sessionContext } from '../sessions/live-events.ts'
import { publishProctorAction } from './live-events.ts'
import * as routes from './proctor.routes.ts'
import { proctorResultView } from './views.ts'

type Command<C extends ProctorCall> = (ctx: SessionContext, call: C) => Promise<SessionSnapshot>

/** A recruiter steering a live session: pause, resume, extend, cancel; an extra attempt. */
export function createProctorRouter(deps: AppDeps) {
  const { db, now, live } = deps
  const ctx = sessionContext(deps)
  const staffOnly = { middleware: [requireStaff(deps)] }

  /** Every session action: the command, then live monitoring told, then the session's view. */
  async function steer<C extends ProctorCall & { minutes?: number }>(
    action: ProctorAction,
    command: Command<C>,
    call: C,
  ) {
    const snap = await command(ctx, call)
    publishProctorAction(live, action, snap.session, {
      at: snap.now,
      reason: call.reason,
      userId: call.actor.userId,
      minutes: call.minutes,
    })
    return proctorResultView(snap)
  }
  const callOf = <B>(actor: StaffActor, param: { id: string }, body: B) => ({
    actor,
    sessionId: param.id,
    ...body,
  })

  return createRouter()
    .openapi({ ...routes.pause, ...staffOnly }, async (c) => {
      const call = callOf(c.get('staff'), c.req.valid('param'), c.req.valid('json'))
      return c.json(await steer('pause', pauseSession, call), 200)
    })
    .openapi({ ...routes.resume, ...staffOnly }, async (c) => {
      const call = callOf(c.get('staff'), c.req.valid('param'), c.req.valid('json'))
      return c.json(await steer('resume', resumePausedSession, call), 200)
    })
    .openapi({ ...routes.extend, ...staffOnly }, async (c) => {
      const call = callOf(c.get('staff'), c.req.valid('param'), c.req.valid('json'))
      return c.json(await steer('extend', extendSession, call), 200)
    })
    .openapi({ ...routes.cancel, ...staffOnly }, async (c) => {
      const call = callOf(c.get('staff'), c.req.valid('param'), c.req.valid('json'))
      return c.json(await steer('cancel', cancelSession, call), 200)
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
