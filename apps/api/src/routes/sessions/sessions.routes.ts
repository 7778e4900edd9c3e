import {
  ActiveSessionResponse,
  ActivityResponse,
  CompleteInput,
  EventsAccepted,
  EventsInput,
  HeartbeatResponse,
  PageQuery,
  ProgressInput,
  ProgressResponse,
  SampleRunInput,
  SampleRunResult,
  SessionList,
  SessionState,
  SessionStatus,
  StaffSessionView,
  SubmitAnswerInput,
  SubmitResponse,
} from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

const LeaseHeader = z.object({
  'x-session-lease': z.uuid().optional().meta({ description: 'The lease_id from start or resume' }),
})
const tags = ['sessions']

export const start = createRoute({
  method: 'post',
  path: '/assessments/{id}/sessions',
  tags,
  summary: 'Start an attempt (candidate); the response carries the lease_id for later calls',
  description:
    'Candidate token only, for the assessment it was issued for (another id is a 404). A second ' +
    'attempt while one is active or paused is a 409 `session_active` (resume it instead); a ' +
    'revoked invitation, a withdrawn assessment, an expired link or used-up attempts is a 410. ' +
    'Send the returned lease_id as X-Session-Lease on every later call of this attempt.',
  security: bearer,
  request: { params: IdParam },
  responses: { 201: json(SessionState, 'The new session'), ...errors(401, 403, 404, 409, 410) },
})

export const active = createRoute({
  method: 'get',
  path: '/sessions/active',
  tags,
  summary: 'Resume: the active session with the server’s remaining time and, when free, a lease',
  description:
    "Candidate token only: the token's active or paused attempt (with its drafts, to reload " +
    'them), or null. The lease is granted when it is free, already this device’s, silent for a ' +
    'minute, or with `takeover=true` (the other device then gets 409 `lease_revoked`); ' +
    'otherwise lease_conflict is true and lease_id null. A revoked invitation is a 410.',
  security: bearer,
  request: {
    query: z.object({ takeover: z.enum(['true', 'false']).optional() }),
    headers: LeaseHeader,
  },
  responses: {
    200: json(ActiveSessionResponse, 'The active session, or null'),
    ...errors(400, 401, 403, 410),
  },
})

export const get = createRoute({
  method: 'get',
  path: '/sessions/{id}',
  tags,
  summary: 'A session: the candidate state (owner) or the recruiter view (same organization)',
  description:
    'A candidate token reads its own attempt (what a page reloads from; no lease needed), a ' +
    "staff token any session of its organization. Another candidate's or another " +
    "organization's session is a 404. The clock catches up first, so a deadline that passed " +
    'shows as passed.',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(
      z.union([SessionState, StaffSessionView]),
      "The candidate's own state (SessionState), or the staff view (StaffSessionView)",
    ),
    ...errors(400, 401, 404, 410),
  },
})

export const submit = createRoute({
  method: 'post',
  path: '/sessions/{id}/answers',
  tags,
  summary: 'Submit an answer (idempotent per question); returns the next question or the end',
  description:
    'Candidate token with the lease. Checked against the server clock: a submit inside the ' +
    'question window (plus the grace) is stored; one after it is refused with 409 ' +
    "`time_limit_exceeded`, and the window closing submits the candidate's last saved draft " +
    'instead. The answer is queued for grading in the same transaction (outbox). Sending the ' +
    'same answer again answers 200 with duplicate: true; another answer to an answered ' +
    'question is a 409 `already_answered`.',
  security: bearer,
  request: {
    params: IdParam,
    headers: LeaseHeader,
    body: jsonBody(SubmitAnswerInput, {
      question_id: '3f2b8c1e-9a4d-4c7e-8b2a-5d6e7f8a9b0c',
      answer: { language: 'python', code: 'def two_sum(nums, target):\n    ...' },
      client_submitted_at: '2026-11-28T10:15:00.000Z',
    }),
  },
  responses: {
    201: json(SubmitResponse, 'Stored; the next question'),
    200: json(SubmitResponse, 'Already stored (a replay): duplicate is true'),
    ...errors(400, 401, 403, 404, 409, 410),
  },
})

const QuestionParams = z.object({ id: z.uuid(), question_id: z.uuid() })

export const openQuestion = createRoute({
  method: 'post',
  path: '/sessions/{id}/questions/{question_id}/open',
  tags,
  summary: 'Open a question: in free navigation its own time limit starts now',
  description:
    'Candidate token with the lease. In free navigation a question is served when the ' +
    "candidate first opens it: the server stamps that moment once, the question's window runs " +
    "from it, and a timed question's content is sent only from then on (`opened: false` in " +
    '`questions` until). Opening it again, or an answered one, changes nothing. In sequential ' +
    'navigation only the current question may be opened (a no-op; another is 409 ' +
    '`question_not_current`).',
  security: bearer,
  request: { params: QuestionParams, headers: LeaseHeader },
  responses: {
    200: json(SessionState, 'The session, with the question served'),
    ...errors(400, 401, 403, 404, 409, 410),
  },
})

export const heartbeat = createRoute({
  method: 'put',
  path: '/sessions/{id}/heartbeat',
  tags,
  summary: 'Liveness (every 30 s); renews the lease',
  description:
    "Candidate token with the lease: renews it, clears a closed tab's mark, and answers with " +
    "the server's remaining times to correct the countdown. A paused or finished session is a " +
    '409 (`session_paused`, `session_not_active`), as is a call without the current lease ' +
    '(`session_locked`, or `lease_revoked` once another device took over). A session silent past ' +
    "the assessment's heartbeat timeout is abandoned.",
  security: bearer,
  request: { params: IdParam, headers: LeaseHeader },
  responses: {
    200: json(HeartbeatResponse, 'Renewed'),
    ...errors(400, 401, 403, 404, 409, 410),
  },
})

export const activity = createRoute({
  method: 'put',
  path: '/sessions/{id}/activity',
  tags,
  summary: 'The candidate interacted',
  description:
    'Candidate token with the lease: stamps last_activity, which recruiters see while ' +
    'monitoring. The same 409s as the heartbeat (a paused or finished session, a call without ' +
    'the current lease).',
  security: bearer,
  request: { params: IdParam, headers: LeaseHeader },
  responses: {
    200: json(ActivityResponse, 'Recorded'),
    ...errors(400, 401, 403, 404, 409, 410),
  },
})

export const progress = createRoute({
  method: 'put',
  path: '/sessions/{id}/progress',
  tags,
  summary: 'Save drafts (merged by question id), flags and sections',
  description:
    'Candidate token with the lease. A draft says which revision of the stored draft its text ' +
    'was edited from (draft_bases). One edited from an older draft than another tab or device ' +
    'saved since is not written: draft_conflicts returns the newer one for the candidate to ' +
    'choose. Rate-limited per session (429).',
  security: bearer,
  request: {
    params: IdParam,
    headers: LeaseHeader,
    body: jsonBody(ProgressInput, {
      pending_answers: {
        '3f2b8c1e-9a4d-4c7e-8b2a-5d6e7f8a9b0c': {
          text: 'A unique index makes a retried submit a duplicate.',
        },
      },
      draft_bases: { '3f2b8c1e-9a4d-4c7e-8b2a-5d6e7f8a9b0c': 3 },
    }),
  },
  responses: {
    200: json(ProgressResponse, 'What is stored now'),
    ...errors(400, 401, 403, 404, 409, 410, 413, 429),
  },
})

export const complete = createRoute({
  method: 'put',
  path: '/sessions/{id}/complete',
  tags,
  summary: 'Finish: open questions are finalized from drafts, every answer is queued',
  description:
    'Candidate token with the lease. Each unanswered question is submitted from its draft (or ' +
    'empty) and the session ends `completed`; `auto` is for a page whose timer ran out. ' +
    'Completing a completed session answers with it again (safe to retry); a paused one is a ' +
    '409 `session_paused`. The body is optional (`manual` by default).',
  security: bearer,
  request: {
    params: IdParam,
    headers: LeaseHeader,
    body: {
      required: false,
      content: {
        'application/json': { schema: CompleteInput, example: { completion_method: 'manual' } },
      },
    },
  },
  responses: {
    200: json(SessionState, 'The finished session'),
    ...errors(400, 401, 403, 404, 409, 410),
  },
})

export const abandon = createRoute({
  method: 'put',
  path: '/sessions/{id}/abandon',
  tags,
  summary:
    'Quit (`manual`) or report a closing tab (`tab_close`). Also accepts a navigator.sendBeacon ' +
    'request: a text/plain JSON body `{ completion_method, token, lease_id }`.',
  description:
    'Candidate token and lease, as headers or (a beacon cannot set headers) in the body. ' +
    '`manual` ends the attempt `abandoned`, its open questions submitted from their drafts. ' +
    '`tab_close` only marks that the tab closed: the session is abandoned if the candidate is ' +
    'not back within the heartbeat timeout, and a late beacon or one from a tab without the ' +
    'lease changes nothing.',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(SessionState, 'The session after the call'),
    ...errors(400, 401, 403, 404, 409, 410),
  },
})

/** The same call as navigator.sendBeacon sends it: always POST, text/plain, no headers. */
export const abandonBeacon = createRoute({
  ...abandon,
  method: 'post',
  summary: 'The tab-close beacon (navigator.sendBeacon): as PUT …/abandon, sent as a POST',
})

export const events = createRoute({
  method: 'post',
  path: '/sessions/{id}/events',
  tags,
  summary: 'Integrity signals (tab hidden, paste, fullscreen exit, ...), in batches',
  description:
    "Candidate token with the lease; the events go to the report's timeline and live " +
    'monitoring, each `data` at most 2 KB. Rate-limited per session (429). An attempt past its ' +
    'cap (2000 events or 1 MiB) stores that fact once and refuses later batches with 429 ' +
    '`event_cap_reached`.',
  security: bearer,
  request: {
    params: IdParam,
    headers: LeaseHeader,
    body: jsonBody(EventsInput, {
      events: [
        {
          type: 'tab_hidden',
          at: '2026-11-28T10:12:03.120Z',
          data: { question_id: '3f2b8c1e-9a4d-4c7e-8b2a-5d6e7f8a9b0c' },
        },
        {
          type: 'paste',
          at: '2026-11-28T10:12:41.882Z',
          data: { question_id: '3f2b8c1e-9a4d-4c7e-8b2a-5d6e7f8a9b0c', length: 120 },
        },
      ],
    }),
  },
  responses: {
    202: json(EventsAccepted, 'Stored'),
    ...errors(400, 401, 403, 404, 409, 410, 429),
  },
})

export const list = createRoute({
  method: 'get',
  path: '/sessions',
  tags,
  summary: 'Monitoring lists for recruiters (active ones say whether their heartbeat is stale)',
  description:
    "Staff of the organization, newest started first; another organization's sessions and " +
    'staff previews never appear. heartbeat_stale: an active session silent past its ' +
    "assessment's heartbeat timeout.",
  security: bearer,
  request: {
    query: PageQuery.extend({
      status: SessionStatus.optional(),
      assessment_id: z.uuid().optional(),
    }),
  },
  responses: {
    200: json(SessionList, 'A page of sessions'),
    ...errors(400, 401, 403),
  },
})

export const sampleRun = createRoute({
  method: 'post',
  path: '/sessions/{id}/run',
  tags,
  summary: 'Run the sample (visible) tests of a code question on the given code; rate-limited',
  security: bearer,
  description:
    'Candidate token with the lease, on a code question the candidate can still answer. Runs ' +
    'the code on a worker against the sample tests, or once with custom_input (the ' +
    "candidate's own arguments or standard input, no verdict). Nothing is stored; each run is " +
    'listed in the report timeline. Rate-limited per session.',
  request: {
    params: IdParam,
    headers: LeaseHeader,
    body: jsonBody(SampleRunInput, {
      question_id: '3f2b8c1e-9a4d-4c7e-8b2a-5d6e7f8a9b0c',
      language: 'javascript',
      code: 'function add(a, b) { return a + b }',
      custom_input: { args: [40, 2] },
    }),
  },
  responses: {
    200: json(SampleRunResult, 'Each sample test with its verdict'),
    ...errors(400, 401, 403, 404, 409, 410, 429, 503),
  },
})
