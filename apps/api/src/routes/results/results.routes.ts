import { ResultsPage, ResultsQuery, SessionReport, TimelinePage, TimelineQuery } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { bearer, errors, IdParam, json } from '../openapi.ts'

const tags = ['results']

export const list = createRoute({
  method: 'get',
  path: '/results',
  tags,
  summary:
    'Finished sessions whose evaluation is done, with their scores and summary text, newest ' +
    'evaluated first',
  security: bearer,
  request: { query: ResultsQuery },
  responses: {
    200: json(ResultsPage, 'A page of results; pass next_cursor to read the next one'),
    ...errors(400, 401, 403),
  },
})

export const report = createRoute({
  method: 'get',
  path: '/sessions/{id}/report',
  tags,
  summary:
    'One session in full: scores, the AI summary, every question with its answer, grade and ' +
    'feedback (hidden test verdicts included), and the event timeline',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(SessionReport, 'The report'),
    ...errors(400, 401, 403, 404),
  },
})

export const timeline = createRoute({
  method: 'get',
  path: '/sessions/{id}/timeline',
  tags,
  summary: "A page of the session's event timeline, oldest first (the report holds the first)",
  security: bearer,
  request: { params: IdParam, query: TimelineQuery },
  responses: {
    200: json(TimelinePage, 'A page of events; pass next_cursor to read the next one'),
    ...errors(400, 401, 403, 404),
  },
})
