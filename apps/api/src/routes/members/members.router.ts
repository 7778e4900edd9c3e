import {
  acceptMemberInvitation,
  changeMemberRole,
  deactivateMember,
  inviteMember,
  listMembers,
  reactivateMember,
  readMemberInvitation,
  revokeMemberInvitation,
} from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireAdmin, requireStaff } from '../../middleware/auth.ts'
import { clientIp } from '../../middleware/client-ip.ts'
import { userView } from '../auth/views.ts'
import { createRouter } from '../openapi.ts'
import * as routes from './members.routes.ts'
import { memberInvitationView, memberView } from './views.ts'

// Links are unguessable; the limit only keeps a scanner from loading the database.
const JOIN_RATE_LIMIT = { limit: 60, windowMs: 60_000 }

/** The team: admins manage members and member invitations; anyone invited joins by link. */
export function createMembersRouter(deps: AppDeps) {
  const { db, now, tokens, config } = deps
  const adminOnly = { middleware: [requireStaff(deps), requireAdmin()] }
  const actorOf = (staff: { userId: string; orgId: string }) => ({
    userId: staff.userId,
    orgId: staff.orgId,
  })
  const joinUrl = (token: string) => new URL(`/join/${token}`, config.publicUrl).toString()
  const limitJoin = (ip: string) => deps.rateLimiter.hit(`join:ip:${ip}`, JOIN_RATE_LIMIT)

  return createRouter()
    .openapi({ ...routes.list, ...adminOnly }, async (c) => {
      const at = now()
      const team = await listMembers(db, { orgId: c.get('staff').orgId, now: at })
      return c.json(
        {
          members: team.members.map(memberView),
          invitations: team.invitations.map((i) => memberInvitationView(i, at)),
        },
        200,
      )
    })
    .openapi({ ...routes.invite, ...adminOnly }, async (c) => {
      const at = now()
      const { invitation, token } = await inviteMember(db, actorOf(c.get('staff')), {
        input: c.req.valid('json'),
        now: at,
        joinUrl,
        email: config.mail.enabled,
      })
      return c.json(
        {
          invitation: memberInvitationView(invitation, at),
          invite_url: joinUrl(token),
          email: {
            status: config.mail.enabled ? ('queued' as const) : ('not_configured' as const),
          },
        },
        201,
      )
    })
    .openapi({ ...routes.changeRole, ...adminOnly }, async (c) => {
      const member = await changeMemberRole(db, actorOf(c.get('staff')), {
        memberId: c.req.valid('param').id,
        role: c.req.valid('json').role,
        now: now(),
      })
      return c.json({ member: memberView(member) }, 200)
    })
    .openapi({ ...routes.deactivate, ...adminOnly }, async (c) => {
      const member = await deactivateMember(db, actorOf(c.get('staff')), {
        memberId: c.req.valid('param').id,
        now: now(),
      })
      return c.json({ member: memberView(member) }, 200)
    })
    .openapi({ ...routes.reactivate, ...adminOnly }, async (c) => {
      const member = await reactivateMember(db, actorOf(c.get('staff')), {
        memberId: c.req.valid('param').id,
      })
      return c.json({ member: memberView(member) }, 200)
    })
    .openapi({ ...routes.revokeInvitation, ...adminOnly }, async (c) => {
      const at = now()
      const invitation = await revokeMemberInvitation(db, actorOf(c.get('staff')), {
        invitationId: c.req.valid('param').id,
        now: at,
      })
      return c.json({ invitation: memberInvitationView(invitation, at) }, 200)
    })
    .openapi(routes.preview, async (c) => {
      await limitJoin(clientIp(c, config.trustProxy))
      const { invitation, orgName } = await readMemberInvitation(db, {
        token: c.req.valid('param').token,
        now: now(),
      })
      return c.json(
        {
          invitation: {
            org_name: orgName,
            email: invitation.email,
            name: invitation.name,
            role: invitation.role === 'admin' ? ('admin' as const) : ('recruiter' as const),
            expires_at: invitation.expiresAt.toISOString(),
          },
        },
        200,
      )
    })
    .openapi(routes.accept, async (c) => {
      await limitJoin(clientIp(c, config.trustProxy))
      const user = await acceptMemberInvitation(db, {
        token: c.req.valid('param').token,
        input: c.req.valid('json'),
        now: now(),
      })
      const token = await tokens.signStaff({
        id: user.id,
        orgId: user.orgId,
        role: user.role === 'admin' ? 'admin' : 'recruiter',
      })
      return c.json({ token, user: userView(user) }, 201)
    })
}
