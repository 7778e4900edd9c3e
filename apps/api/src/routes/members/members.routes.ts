import {
  CreatedMemberInvitation,
  MemberAcceptInput,
  MemberInvitationPreviewResponse,
  MemberInvitationResponse,
  MemberInviteInput,
  MemberList,
  MemberResponse,
  MemberRoleInput,
  StaffTokenResponse,
} from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

const TokenParam = z.object({ token: z.string().min(20).max(200) })

export const list = createRoute({
  method: 'get',
  path: '/org/members',
  tags: ['team'],
  summary: "The organization's staff (active and deactivated) and open member invitations",
  description:
    'Admins only (a recruiter is a 403 `admin_only`). Members come oldest first; invitations ' +
    'only while still open (not accepted, revoked or expired), newest first. A team is small: ' +
    'no pages.',
  security: bearer,
  responses: {
    200: json(MemberList, 'Members, oldest first; open invitations, newest first'),
    ...errors(401, 403),
  },
})

export const invite = createRoute({
  method: 'post',
  path: '/org/members',
  tags: ['team'],
  summary:
    'Invite a member (admin or recruiter); the link is shown once, and emailed when mail is set up',
  description:
    'Admins only. An address that already has a staff account is a 409: `already_member`, ' +
    '`member_deactivated` (reactivate them instead) or `email_taken` (another organization). ' +
    'Inviting an address again replaces its open invitation; the join link works for 7 days.',
  security: bearer,
  request: {
    body: jsonBody(MemberInviteInput, {
      email: 'linus@acme.example',
      name: 'Linus Torvalds',
      role: 'recruiter',
    }),
  },
  responses: {
    201: json(
      CreatedMemberInvitation,
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
  description:
    "Admins only; another organization's member is a 404. Demoting the last active admin is a " +
    '409 `last_admin`; giving a member the role they have changes nothing.',
  security: bearer,
  request: { params: IdParam, body: jsonBody(MemberRoleInput, { role: 'admin' }) },
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
  description:
    "Admins only; another organization's member is a 404. The account is kept (its " +
    'assessments, grades and audit entries keep their author); an admin may deactivate ' +
    'themselves while another active admin remains (the last one is a 409 `last_admin`). ' +
    'Deactivating twice changes nothing.',
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
  description:
    "Admins only; another organization's member is a 404. Reactivating an active member " +
    'changes nothing (safe to retry).',
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
  description:
    "Admins only; another organization's invitation is a 404. An accepted invitation is a 409 " +
    '`member_invitation_used` (deactivate the member instead); revoking twice changes nothing.',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(MemberInvitationResponse, 'The revoked invitation'),
    ...errors(400, 401, 403, 404, 409),
  },
})

export const preview = createRoute({
  method: 'get',
  path: '/member-invitations/{token}',
  tags: ['team'],
  summary: 'What a join link is for: the organization, the invited address, name and role',
  description:
    "Public: the link's token is the credential. An unknown link is a 404; one accepted, " +
    'withdrawn, expired, or sent by an admin who can no longer invite is a 410 whose code says ' +
    'which. Rate-limited per client address (429).',
  request: { params: TokenParam },
  responses: {
    200: json(MemberInvitationPreviewResponse, 'The open invitation'),
    ...errors(400, 404, 410, 429),
  },
})

export const accept = createRoute({
  method: 'post',
  path: '/member-invitations/{token}/accept',
  tags: ['team'],
  summary: 'Accept a member invitation with a name and password (once) → a staff token',
  description:
    "Public: the link's token is the credential. Creates the staff user with the invited role " +
    'and signs them in; the link works once (accepting again is a 410 ' +
    '`member_invitation_used`), and refuses as reading it does (404, 410). An address that got ' +
    'a staff account meanwhile is a 409 `email_taken`; rate-limited per client address (429).',
  request: {
    params: TokenParam,
    body: jsonBody(MemberAcceptInput, {
      name: 'Linus Torvalds',
      password: 'a long passphrase of my own',
    }),
  },
  responses: {
    201: json(StaffTokenResponse, 'The new member and a staff token'),
    ...errors(400, 404, 409, 410, 429),
  },
})
