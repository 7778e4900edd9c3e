import { ExtendInput, InvitationResponse, ProctorInput, ProctorResult } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import type { z } from 'zod'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

const tags = ['proctoring']

/** Every action: staff of the session's organization, a reason, a 409 from a wrong state. */
const sessionAction = <B extends z.ZodType>(
  path: string,
  text: { summary: string; description: string },
  body: B,
  example: z.input<B>,
) =>
  createRoute({
    method: 'post',
    path: `/sessions/{id}/${path}`,
    tags,
    ...text,
    security: bearer,
    request: { params: IdParam, body: jsonBody(body, example) },
    responses: {
      200: json(ProctorResult, 'The session as it now stands'),
      ...errors(400, 401, 403, 404, 409),
    },
  })

export const pause = sessionAction(
  'pause',
  {
    summary:
      'Pause an active session: its clock stops (no expiry, question timeout or abandonment) and ' +
      "the candidate's changes get 409 session_paused until it is resumed",
    description:
      "Staff of the session's organization (another organization's session is a 404). Only an " +
      'active session can be paused: a paused one is a 409 `session_paused`, a finished one ' +
      "`session_not_active`. The reason goes to the timeline and is shown on the candidate's page.",
  },
  ProctorInput,
  { reason: 'The candidate reported a power cut; paused until they are back.' },
)

export const resume = sessionAction(
  'resume',
  {
    summary: 'Resume a paused session: every deadline moves by the time it was paused',
    description:
      "Staff of the session's organization (another organization's session is a 404). A session " +
      'that is not paused is a 409 `session_not_paused`. The time spent paused is added to the ' +
      'end, the question windows and the liveness stamps, so the candidate loses nothing.',
  },
  ProctorInput,
  { reason: 'The candidate is back online.' },
)

export const extend = sessionAction(
  'extend',
  {
    summary:
      "Give an active or paused session more time: its end and the current question's window " +
      'move by `minutes`',
    description:
      "Staff of the session's organization (another organization's session is a 404); a " +
      'finished session is a 409 `session_not_active`. Each call adds its minutes again (not ' +
      'idempotent); in free navigation every opened, unanswered question’s window moves too.',
  },
  ExtendInput,
  { minutes: 15, reason: 'Lost a quarter of an hour to a video call that kept dropping.' },
)

export const cancel = sessionAction(
  'cancel',
  {
    summary:
      'Cancel an active or paused session: stored answers are kept and graded, no recommendation',
    description:
      "Staff of the session's organization (another organization's session is a 404); a " +
      'finished session is a 409 `session_not_active`. The attempt ends at once and still counts ' +
      "against the candidate's attempts: grant an extra one to let them start again.",
  },
  ProctorInput,
  { reason: 'The candidate asked to withdraw from the process.' },
)

export const extraAttempt = createRoute({
  method: 'post',
  path: '/invitations/{id}/extra-attempt',
  tags,
  summary: "One more attempt for the invitation's candidate, on top of max_attempts",
  description:
    "Staff of the invitation's organization (another organization's invitation is a 404). Each " +
    'call adds one (at most 100); a revoked or expired invitation (invite again instead), or a ' +
    'candidate who has not started an attempt yet, is a 409. The grant and its reason go to the ' +
    "timeline of the candidate's latest attempt.",
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(ProctorInput, {
      reason: 'The first attempt was cut short by a network outage on our side.',
    }),
  },
  responses: {
    200: json(InvitationResponse, 'The invitation with its extra attempts'),
    ...errors(400, 401, 403, 404, 409),
  },
})
