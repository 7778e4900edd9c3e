import {
  CandidateAssessmentView,
  InvitationCreateInput,
  InvitationEmailStatus,
  InvitationView,
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
      z.object({
        invitation: InvitationView,
        token: z.string(),
        url: z.url(),
        email: z.object({ status: InvitationEmailStatus }),
      }),
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
  security: bearer,
  request: { params: IdParam, query: PageQuery },
  responses: {
    200: json(
      z.object({ invitations: z.array(InvitationView), next_cursor: z.string().nullable() }),
      'A page of invitations',
    ),
    ...errors(400, 401, 403, 404),
  },
})

export const revoke = createRoute({
  method: 'delete',
  path: '/invitations/{id}',
  tags: ['invitations'],
  summary: 'Revoke an invitation link',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(z.object({ invitation: InvitationView }), 'The revoked invitation'),
    ...errors(400, 401, 403, 404),
  },
})

export const accept = createRoute({
  method: 'post',
  path: '/invitations/{token}/accept',
  tags: ['invitations'],
  summary: 'Exchange an invitation link for a candidate token (again from another device)',
  request: { params: z.object({ token: z.string().min(20).max(200) }) },
  responses: {
    200: json(
      z.object({
        token: z.string(),
        candidate: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
        assessment: CandidateAssessmentView,
      }),
      'A candidate token scoped to this assessment',
    ),
    ...errors(400, 404, 410, 429),
  },
})
