import {
  AssessmentCreateInput,
  AssessmentList,
  AssessmentPatchInput,
  AssessmentResponse,
  AssessmentStatus,
  PageQuery,
  PreviewStarted,
} from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { bearer, errors, IdParam, json, jsonBody } from '../openapi.ts'

export const create = createRoute({
  method: 'post',
  path: '/assessments',
  tags: ['assessments'],
  summary: 'Create a draft assessment with its questions',
  description:
    'Staff of the organization (admin or recruiter). Settings left out take their defaults and ' +
    'questions may come later (PATCH): a draft can be edited freely until it is published. Each ' +
    "question is checked on its own (a code question's tests against its signature, its sample " +
    'solution against its entry point...); every bad field is named in a 400.',
  security: bearer,
  request: {
    body: jsonBody(AssessmentCreateInput, {
      title: 'Backend engineer screening',
      description: 'Three questions on HTTP, SQL and a little Python. About 45 minutes.',
      duration_minutes: 45,
      navigation: 'free',
      max_attempts: 1,
      questions: [
        {
          type: 'mcq',
          prompt: 'Which HTTP status says the request conflicts with the current state?',
          points: 2,
          options: [
            { id: 'a', text: '400 Bad Request' },
            { id: 'b', text: '409 Conflict' },
            { id: 'c', text: '410 Gone' },
          ],
          correct_option_ids: ['b'],
        },
        {
          type: 'short_answer',
          prompt: 'How would you make a retried payment request safe to repeat?',
          points: 5,
          expected_keywords: ['idempotency key', 'unique'],
          reference_answer:
            'Send an idempotency key and store it under a unique constraint: a retry finds the ' +
            'first result instead of charging twice.',
        },
        {
          type: 'code',
          prompt: 'Return the sum of the even numbers in `nums`.',
          points: 10,
          time_limit_seconds: 900,
          language: 'python',
          entry_point: 'sum_even',
          boilerplate: 'def sum_even(nums):\n    pass\n',
          sample_test_cases: [{ input: [[1, 2, 3, 4]], expected: 6 }],
          test_cases: [
            { input: [[]], expected: 0 },
            { input: [[-2, 5, 8]], expected: 6 },
          ],
          sample_solution: 'def sum_even(nums):\n    return sum(n for n in nums if n % 2 == 0)\n',
        },
      ],
    }),
  },
  responses: { 201: json(AssessmentResponse, 'The created draft'), ...errors(400, 401, 403) },
})

export const list = createRoute({
  method: 'get',
  path: '/assessments',
  tags: ['assessments'],
  summary: "List the organization's assessments, newest first",
  description:
    "Staff of the organization; another organization's assessments never appear. `status` " +
    'filters by draft, published or archived; each item carries its question count and total ' +
    'points, not the questions themselves.',
  security: bearer,
  request: { query: PageQuery.extend({ status: AssessmentStatus.optional() }) },
  responses: {
    200: json(AssessmentList, 'A page of assessments; pass next_cursor to read the next one'),
    ...errors(400, 401, 403),
  },
})

export const get = createRoute({
  method: 'get',
  path: '/assessments/{id}',
  tags: ['assessments'],
  summary: 'Read an assessment with its questions (answers included: recruiters only)',
  description:
    'Staff of the organization: every question with its answer key, hidden tests, reference ' +
    "answers and sample solutions. Another organization's assessment is a 404, like one that " +
    'does not exist.',
  security: bearer,
  request: { params: IdParam },
  responses: { 200: json(AssessmentResponse, 'The assessment'), ...errors(400, 401, 403, 404) },
})

export const update = createRoute({
  method: 'patch',
  path: '/assessments/{id}',
  tags: ['assessments'],
  summary: 'Edit a draft; `questions`, when sent, replaces the whole list',
  description:
    'Staff of the organization. Only the fields sent change (at least one). A published or ' +
    'archived assessment is immutable: 409 `assessment_not_editable`. Replacing the questions ' +
    "deletes the previews taken on the old ones; another organization's assessment is a 404.",
  security: bearer,
  request: {
    params: IdParam,
    body: jsonBody(AssessmentPatchInput, {
      title: 'Backend engineer screening (2026)',
      duration_minutes: 60,
      grace_seconds: 5,
      show_results_to_candidate: true,
    }),
  },
  responses: {
    200: json(AssessmentResponse, 'The updated draft'),
    ...errors(400, 401, 403, 404, 409),
  },
})

export const publish = createRoute({
  method: 'post',
  path: '/assessments/{id}/publish',
  tags: ['assessments'],
  summary: 'Publish a draft: it becomes immutable and open to invitations',
  description:
    "Staff of the organization (another organization's assessment is a 404). Every code question's sample solutions (one per language) first run against all of its tests on a worker; a failing one refuses the publish with the failing tests (400 `sample_solution_fails`), as does a language the workers cannot run (400 `language_unavailable`). No worker answering in time: 503. " +
    'Publishing a published assessment again changes nothing (safe to retry); one with no ' +
    'questions, an archived one, or a draft edited while it was being checked is a 409.',
  security: bearer,
  request: { params: IdParam },
  responses: {
    200: json(AssessmentResponse, 'The published assessment'),
    ...errors(400, 401, 403, 404, 409, 503),
  },
})

export const preview = createRoute({
  method: 'post',
  path: '/assessments/{id}/preview',
  tags: ['assessments'],
  summary: 'Take the assessment as a candidate, without it counting',
  description:
    "Staff of the organization. A link for the caller to take the assessment (a draft too) exactly as a candidate would: the clock, grading, the AI summary and the report. The attempt is left out of results, the CSV export, analytics, the live board, webhooks and emails. Asking again replaces the caller's earlier preview of this assessment; editing a draft's questions deletes the previews taken on them. The link works for 24 hours.",
  security: bearer,
  request: { params: IdParam },
  responses: {
    201: json(PreviewStarted, 'The preview link'),
    ...errors(400, 401, 403, 404, 409),
  },
})
