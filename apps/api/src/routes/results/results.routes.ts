import {
  NoteInput,
  ReportNote,
  ReportNotes,
  ResultsPage,
  ResultsQuery,
  SessionReport,
  TimelinePage,
  TimelineQuery,
} from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

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

export const notes = createRoute({
  method: 'get',
  path: '/sessions/{id}/notes',
  tags,
  summary: "The recruiters' notes on a session's report, oldest first (the organization only)",
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(ReportNotes, 'Each note with its author and time'),
    ...errors(401, 403, 404),
  },
})

export const addNote = createRoute({
  method: 'post',
  path: '/sessions/{id}/notes',
  tags,
  summary: "Add a note to a session's report; candidates never see notes",
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(NoteInput, { body: 'Strong on indexes; ask about locking in the interview.' }),
  },
  responses: {
    201: json(ReportNote, 'The note as stored'),
    ...errors(400, 401, 403, 404),
  },
})
