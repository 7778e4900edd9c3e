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
  security: bearer,
  request: { params: IdParam, body: jsonBody(RegradeInput) },
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
  security: bearer,
  request: { params: IdParam, body: jsonBody(RegradeInput) },
  responses: {
    202: json(RegradeResult, 'The answers, reset to pending and queued'),
    ...errors(400, 401, 403, 404, 409),
  },
})
