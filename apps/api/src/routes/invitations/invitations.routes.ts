import {
  AcceptedInvitation,
  CreatedInvitation,
  InvitationCreateInput,
  InvitationList,
  InvitationResponse,
  PageQuery,
} from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

export const create = createRoute({
  method: 'post',
  path: '/assessments/{id}/invitations',
  tags: ['invitations'],
  summary: 'Invite a candidate; the token is shown once (re-inviting revokes the old link)',
  description:
    'Staff of the organization, on a published assessment (a draft is a 409 ' +
    "`assessment_not_published`; another organization's is a 404). Inviting the same candidate " +
    'again revokes their earlier link and cancels an attempt in progress on it. With ' +
    '`send_email`, the link is queued to the candidate when the deployment sends mail ' +
    '(`email.status` says whether it was).',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(InvitationCreateInput, {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      extra_time_percent: 25,
      expires_in_hours: 72,
    }),
  },
  responses: {
    201: json(
      CreatedInvitation,
      'The invitation, its one-time token, the link, and whether the link was emailed',
    ),
    ...errors(400, 401, 403, 404, 409),
  },
})

export const list = createRoute({
  method: 'get',
  path: '/assessments/{id}/invitations',
  tags: ['invitations'],
  summary: "An assessment's invitations, newest first",
  description:
    "Staff of the organization; another organization's assessment is a 404. Each invitation " +
    "carries its candidate's latest attempt (`latest_session`, null before the first); staff " +
    'previews are not listed.',
  security: bearer,
  request: { params: IdParam, query: PageQuery },
  responses: {
    200: json(InvitationList, 'A page of invitations'),
    ...errors(400, 401, 403, 404),
  },
})

export const revoke = createRoute({
  method: 'delete',
  path: '/invitations/{id}',
  tags: ['invitations'],
  summary: 'Revoke an invitation link',
  description:
    "Staff of the organization; another organization's invitation is a 404. The link and the " +
    'candidate tokens it gave stop working at once (410 `invitation_revoked`), and an attempt ' +
    'in progress on it ends `cancelled`. Revoking a revoked invitation changes nothing (safe to ' +
    'retry).',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(InvitationResponse, 'The revoked invitation'),
    ...errors(400, 401, 403, 404),
  },
})

export const accept = createRoute({
  method: 'post',
  path: '/invitations/{token}/accept',
  tags: ['invitations'],
  summary: 'Exchange an invitation link for a candidate token (again from another device)',
  description:
    "Public: the link's token is the credential; the candidate token returned reaches only this " +
    'invitation and its assessment. An unknown link is a 404; a revoked one or a withdrawn ' +
    'assessment is a 410, and so are an expired link and used-up attempts unless an attempt is ' +
    'under way (that one can always be resumed). Rate-limited per client address (429).',
  request: { params: z.object({ token: z.string().min(20).max(200) }) },
  responses: {
    200: json(AcceptedInvitation, 'A candidate token scoped to this assessment'),
    ...errors(400, 404, 410, 429),
  },
})
