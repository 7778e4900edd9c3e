import { ExtendInput, InvitationView, ProctorInput, ProctorResult } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

const tags = ['proctoring']

/** Every action: staff of the session's organization, a reason, a 409 from a wrong state. */
const sessionAction = <B extends z.ZodType>(path: string, summary: string, body: B) =>
  createRoute({
    method: 'post',
    path: `/sessions/{id}/${path}`,
    tags,
    summary,
    security: bearer,
    request: { params: IdParam, body: jsonBody(body) },
    responses: {
      200: json(ProctorResult, 'The session as it now stands'),
      ...errors(400, 401, 403, 404, 409),
    },
  })

export const pause = sessionAction(
  'pause',
  'Pause an active session: its clock stops (no expiry, question timeout or abandonment) and ' +
    "the candidate's changes get 409 session_paused until it is resumed",
  ProctorInput,
)

export const resume = sessionAction(
  'resume',
  'Resume a paused session: every deadline moves by the time it was paused',
  ProctorInput,
)

export const extend = sessionAction(
  'extend',
  "Give an active or paused session more time: its end and the current question's window move " +
    'by `minutes`',
  ExtendInput,
)

export const cancel = sessionAction(
  'cancel',
  'Cancel an active or paused session: stored answers are kept and graded, no recommendation',
  ProctorInput,
)

export const extraAttempt = createRoute({
  method: 'post',
  path: '/invitations/{id}/extra-attempt',
  tags,
  summary: "One more attempt for the invitation's candidate, on top of max_attempts",
  security: bearer,
  request: { params: IdParam, body: jsonBody(ProctorInput) },
  responses: {
    200: json(z.object({ invitation: InvitationView }), 'The invitation with its extra attempts'),
    ...errors(400, 401, 403, 404, 409),
  },
})
