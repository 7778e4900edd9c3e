import {
  MemberAcceptInput,
  MemberInvitationPreview,
  MemberInvitationView,
  MemberInviteInput,
  MemberRoleInput,
  MemberView,
  UserView,
} from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

const TokenParam = z.object({ token: z.string().min(20).max(200) })
const MemberResponse = z.object({ member: MemberView })

export const list = createRoute({
  method: 'get',
  path: '/org/members',
  tags: ['team'],
  summary: "The organization's staff (active and deactivated) and open member invitations",
  security: bearer,
  responses: {
    200: json(
      z.object({ members: z.array(MemberView), invitations: z.array(MemberInvitationView) }),
      'Members, oldest first; open invitations, newest first',
    ),
    ...errors(401, 403),
  },
})

export const invite = createRoute({
  method: 'post',
  path: '/org/members',
  tags: ['team'],
  summary:
    'Invite a member (admin or recruiter); the link is shown once, and emailed when mail is set up',
  security: bearer,
  request: { body: jsonBody(MemberInviteInput) },
  responses: {
    201: json(
      z.object({
        invitation: MemberInvitationView,
        invite_url: z.url(),
        email: z.object({ status: z.enum(['queued', 'not_configured']) }),
      }),
      'The invitation and its one-time link (inviting the address again replaces it)',
    ),
    ...errors(400, 401, 403, 409),
  },
})

export const changeRole = createRoute({
  method: 'patch',
  path: '/org/members/{id}',
  tags: ['team'],
  summary:
    "Change a member's role (effective on their next request); a demoted admin's open member " +
    'invitations are withdrawn',
  security: bearer,
  request: { params: IdParam, body: jsonBody(MemberRoleInput) },
  responses: {
    200: json(MemberResponse, 'The member with the new role'),
    ...errors(400, 401, 403, 404, 409),
  },
})

export const deactivate = createRoute({
  method: 'delete',
  path: '/org/members/{id}',
  tags: ['team'],
  summary:
    'Deactivate a member: no more sign-ins, their tokens stop working at once, and their open ' +
    'member invitations are withdrawn',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(MemberResponse, 'The deactivated member'),
    ...errors(400, 401, 403, 404, 409),
  },
})

export const reactivate = createRoute({
  method: 'post',
  path: '/org/members/{id}/reactivate',
  tags: ['team'],
  summary: 'Let a deactivated member sign in again, with the role they had',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(MemberResponse, 'The active member'),
    ...errors(400, 401, 403, 404),
  },
})

export const revokeInvitation = createRoute({
  method: 'delete',
  path: '/org/member-invitations/{id}',
  tags: ['team'],
  summary: 'Withdraw a member invitation (its link stops working)',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(z.object({ invitation: MemberInvitationView }), 'The revoked invitation'),
    ...errors(400, 401, 403, 404, 409),
  },
})

export const preview = createRoute({
  method: 'get',
  path: '/member-invitations/{token}',
  tags: ['team'],
  summary: 'What a join link is for: the organization, the invited address, name and role',
  request: { params: TokenParam },
  responses: {
    200: json(z.object({ invitation: MemberInvitationPreview }), 'The open invitation'),
    ...errors(400, 404, 410, 429),
  },
})

export const accept = createRoute({
  method: 'post',
  path: '/member-invitations/{token}/accept',
  tags: ['team'],
  summary: 'Accept a member invitation with a name and password (once) → a staff token',
  request: { params: TokenParam, body: jsonBody(MemberAcceptInput) },
  responses: {
    201: json(z.object({ token: z.string(), user: UserView }), 'The new member and a staff token'),
    ...errors(400, 404, 409, 410, 429),
  },
})
