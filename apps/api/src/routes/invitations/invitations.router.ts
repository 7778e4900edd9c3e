import {
  acceptInvitation,
  type CancelledSessions,
  createInvitation,
  listInvitations,
  revokeInvitation,
} from '@assess/db'
import { publishSessionEnded } from '@assess/live'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { clientIp } from '../../middleware/client-ip.ts'
import { createRouter } from '../openapi.ts'
import { publishProctorAction } from '../proctor/live-events.ts'
import * as routes from './invitations.routes.ts'
import {
  candidateAssessmentView,
  invitationLink,
  invitationView,
  longestAttemptSeconds,
} from './views.ts'

const ACCEPT_RATE_LIMIT = { limit: 60, windowMs: 60_000 }

export function createInvitationsRouter(deps: AppDeps) {
  const { db, now, tokens } = deps
  const staffOnly = { middleware: [requireStaff(deps)] }
  // A revoked link ends its attempt in progress: live monitoring hears it like any cancel (and
  // hears of an attempt the clock had ended on the way).
  const publishCancelled = (ended: CancelledSessions, userId: string, reason: string, at: Date) => {
    for (const session of ended.cancelled)
      publishProctorAction(deps.live, 'cancel', session, { reason, userId, at })
    for (const session of ended.endedByClock) publishSessionEnded(deps.live, session)
  }
  const inviteUrl = (token: string) => invitationLink(deps.config.publicUrl, token)

  return createRouter()
    .openapi({ ...routes.create, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const staff = c.get('staff')
      const at = now()
      const { invitation, token, email, ...ended } = await createInvitation(db, staff, {
        assessmentId: id,
        input: c.req.valid('json'),
        now: at,
        mail: deps.config.mail.enabled ? { linkFor: inviteUrl } : null,
      })
      await deps.queue.enqueueGrading(ended.storedAnswerIds)
      publishCancelled(ended, staff.userId, 'invitation replaced by a new one', at)
      return c.json(
        {
          invitation: invitationView(invitation, at),
          token,
          url: inviteUrl(token),
          email: { status: email },
        },
        201,
      )
    })
    .openapi({ ...routes.list, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const query = c.req.valid('query')
      const page = await listInvitations(db, {
        ...query,
        orgId: c.get('staff').orgId,
        assessmentId: id,
      })
      const at = now()
      return c.json(
        {
          invitations: page.items.map((i) => ({
            ...invitationView(i.invitation, at),
            latest_session: i.latestSession,
          })),
          next_cursor: page.nextCursor,
        },
        200,
      )
    })
    .openapi({ ...routes.revoke, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const at = now()
      const staff = c.get('staff')
      const { invitation, ...ended } = await revokeInvitation(db, staff, {
        invitationId: id,
        now: at,
      })
      await deps.queue.enqueueGrading(ended.storedAnswerIds)
      publishCancelled(ended, staff.userId, 'invitation revoked', at)
      return c.json({ invitation: invitationView(invitation, at) }, 200)
    })
    .openapi(routes.accept, async (c) => {
      const { token } = c.req.valid('param')
      // Links are unguessable; the limit only keeps a scanner from loading the database.
      const ip = clientIp(c, deps.config.trustProxy)
      await deps.rateLimiter.hit(`accept:ip:${ip}`, ACCEPT_RATE_LIMIT)
      const accepted = await acceptInvitation(db, { token, now: now() })
      const { candidate, assessment, invitation } = accepted
      const view = candidateAssessmentView(accepted)
      const candidateToken = await tokens.signCandidate({
        attemptSeconds: longestAttemptSeconds(view),
        candidateId: candidate.id,
        orgId: candidate.orgId,
        assessmentId: assessment.id,
        invitationId: invitation.id,
        preview: invitation.preview,
      })
      return c.json(
        {
          token: candidateToken,
          candidate: { id: candidate.id, email: candidate.email, name: candidate.name },
          assessment: view,
        },
        200,
      )
    })
}
