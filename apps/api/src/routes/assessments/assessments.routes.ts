import {
  AssessmentCreateInput,
  AssessmentPatchInput,
  AssessmentStatus,
  AssessmentView,
  AssessmentWithQuestionsView,
  PageQuery,
} from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

const One = z.object({ assessment: AssessmentWithQuestionsView })

export const create = createRoute({
  method: 'post',
  path: '/assessments',
  tags: ['assessments'],
  summary: 'Create a draft assessment with its questions',
  security: bearer,
  request: { body: jsonBody(AssessmentCreateInput) },
  responses: { 201: json(One, 'The created draft'), ...errors(400, 401, 403) },
})

export const list = createRoute({
  method: 'get',
  path: '/assessments',
  tags: ['assessments'],
  summary: "List the organization's assessments, newest first",
  security: bearer,
  request: { query: PageQuery.extend({ status: AssessmentStatus.optional() }) },
  responses: {
    200: json(
      z.object({ assessments: z.array(AssessmentView), next_cursor: z.string().nullable() }),
      'A page of assessments; pass next_cursor to read the next one',
    ),
    ...errors(400, 401, 403),
  },
})

export const get = createRoute({
  method: 'get',
  path: '/assessments/{id}',
  tags: ['assessments'],
  summary: 'Read an assessment with its questions (answers included: recruiters only)',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(One, 'The assessment'), ...errors(400, 401, 403, 404) },
})

export const update = createRoute({
  method: 'patch',
  path: '/assessments/{id}',
  tags: ['assessments'],
  summary: 'Edit a draft; `questions`, when sent, replaces the whole list',
  security: bearer,
  request: { params: IdParam, body: jsonBody(AssessmentPatchInput) },
  responses: { 200: json(One, 'The updated draft'), ...errors(400, 401, 403, 404, 409) },
})

export const publish = createRoute({
  method: 'post',
  path: '/assessments/{id}/publish',
  tags: ['assessments'],
  summary: 'Publish a draft: it becomes immutable and open to invitations',
  description:
    "Every code question's sample solutions (one per language) first run against all of its tests on a worker; a failing one refuses the publish with the failing tests (400 `sample_solution_fails`), as does a language the workers cannot run (400 `language_unavailable`). No worker answering in time: 503.",
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(One, 'The published assessment'),
    ...errors(400, 401, 403, 404, 409, 503),
  },
})

export const preview = createRoute({
  method: 'post',
  path: '/assessments/{id}/preview',
  tags: ['assessments'],
  summary: 'Take the assessment as a candidate, without it counting',
  description:
    "A link for the caller to take the assessment (a draft too) exactly as a candidate would: the clock, grading, the AI summary and the report. The attempt is left out of results, the CSV export, analytics, the live board, webhooks and emails. Asking again replaces the caller's earlier preview of this assessment; editing a draft's questions deletes the previews taken on them. The link works for 24 hours.",
  security: bearer,
  request: { params: IdParam },
  responses: {
    201: json(
      z.object({
        token: z.string().meta({ description: 'The invitation token (shown once)' }),
        url: z.url().meta({ description: 'The link to open, in a tab of its own' }),
        expires_at: z.iso.datetime(),
      }),
      'The preview link',
    ),
    ...errors(400, 401, 403, 404, 409),
  },
})
