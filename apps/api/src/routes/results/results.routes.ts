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
  description:
    'Staff of the organization. Filter by assessment, recommendation or a minimum percentage ' +
    '(another organization’s assessment_id gives an empty page). Sessions still being ' +
    'evaluated, or whose evaluation failed, and staff previews are left out.',
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
  description:
    "Staff of the organization; another organization's session is a 404. The clock catches up " +
    'first, so an overdue question shows as finalized. The timeline comes as its first page ' +
    'with counts by type; read the rest from …/timeline.',
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
  description:
    "Staff of the organization; another organization's session is a 404. A recruiter's action " +
    'names the staff member behind it; integrity events are as the candidate’s page reported ' +
    'them. Pass next_cursor for the next page.',
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
  description:
    "Staff of the organization; another organization's session is a 404. Each note comes with " +
    'its author and time; candidates never see them.',
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
  description:
    "Staff of the organization; another organization's session is a 404. The note is stored " +
    'as written (trimmed, at most 5000 characters) with its author and time, and every staff ' +
    'member of the organization can read it.',
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
