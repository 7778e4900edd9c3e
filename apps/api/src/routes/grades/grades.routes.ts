import { GradeOverrideInput, GradeOverrideResult, RegradeInput, RegradeResult } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

const tags = ['grades']

export const override = createRoute({
  method: 'put',
  path: '/answers/{id}/grade',
  tags,
  summary:
    "A recruiter sets an answer's score (grader `human`): the replaced grade goes to the grade " +
    "history, and a summarized session's totals, percentage and recommendation are recomputed",
  description:
    "Staff of the organization; another organization's answer is a 404. Only once the session " +
    'has ended (409 `session_not_finished`) and the answer has a grade (409 `answer_not_graded` ' +
    "while it is pending or grading); a score above the answer's maximum is a 400. The grader's " +
    'feedback is kept, `feedback` is added beside it, and the change goes to the timeline.',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(GradeOverrideInput, {
      score: 4,
      reason: 'The answer is right; the keyword list missed a synonym.',
    }),
  },
  responses: {
    200: json(GradeOverrideResult, 'The new grade and the session as it now stands'),
    ...errors(400, 401, 403, 404, 409),
  },
})

export const regradeAnswer = createRoute({
  method: 'post',
  path: '/answers/{id}/regrade',
  tags,
  summary:
    'Grade one answer of a finished session again with the current grader; the old grade is ' +
    'kept in the history and the session gets one new summary when it is graded',
  description:
    "Staff of the organization; another organization's answer is a 404, and a session not " +
    'ended yet a 409 `session_not_finished`. The answer goes back to pending and is queued ' +
    '(202); the session keeps its totals until the new summary replaces them. Each call is a ' +
    'new regrade (not idempotent), logged with its reason.',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(RegradeInput, {
      reason: 'The grading model timed out on this answer during an outage.',
    }),
  },
  responses: {
    202: json(RegradeResult, 'The answer, reset to pending and queued'),
    ...errors(400, 401, 403, 404, 409),
  },
})

export const regradeSession = createRoute({
  method: 'post',
  path: '/sessions/{id}/regrade',
  tags,
  summary:
    'Grade every answer of a finished session again with the current grader (after a model ' +
    'outage, a grader fix...); exactly one new summary follows once all are graded',
  description:
    "Staff of the organization; another organization's session is a 404. A session not ended " +
    'yet is a 409 `session_not_finished`, one without answers a 409 `nothing_to_regrade`. Every ' +
    'answer goes back to pending and is queued (202); the totals stay until the new summary ' +
    'replaces them.',
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(RegradeInput, {
      reason: 'Grade again now that the Python runner counts trailing whitespace correctly.',
    }),
  },
  responses: {
    202: json(RegradeResult, 'The answers, reset to pending and queued'),
    ...errors(400, 401, 403, 404, 409),
  },
})
