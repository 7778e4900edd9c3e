import { AssessmentAnalytics } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { bearer, errors, IdParam, json } from '../openapi.ts'

export const assessmentAnalytics = createRoute({
  method: 'get',
  path: '/assessments/{id}/analytics',
  tags: ['analytics'],
  summary:
    'How an assessment performs: sessions by status, completion and abandonment rates, ' +
    'durations, score distribution, recommendations and per-question statistics (difficulty, ' +
    'discrimination, MCQ option counts)',
  description:
    "Staff of the organization; another organization's assessment is a 404. Computed on each " +
    "call from the assessment's sessions; staff members' previews are left out.",
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(AssessmentAnalytics, "The assessment's analytics, computed from every session"),
    ...errors(400, 401, 403, 404),
  },
})
