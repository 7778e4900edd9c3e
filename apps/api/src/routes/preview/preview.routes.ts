import { PreviewRunInput, SampleRunResult } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { bearer, errors, json, jsonBody } from '../openapi.ts'

export const run = createRoute({
  method: 'post',
  path: '/preview/run',
  tags: ['assessments'],
  summary: "Preview as a candidate: run a code question's sample tests as it stands in the editor",
  description:
    "Staff only. The author's own code against the question's sample (visible) tests, or once " +
    "with custom input, exactly as a candidate's sample run goes (a worker's sandbox, the same " +
    'limits and verdicts), for a question saved or not. Nothing is stored. Rate-limited per ' +
    'author (429).',
  security: bearer,
  request: {
    body: jsonBody(PreviewRunInput, {
      question: {
        type: 'code',
        prompt: 'Return the sum of a and b.',
        points: 5,
        language: 'python',
        entry_point: 'add',
        sample_test_cases: [{ input: [1, 2], expected: 3 }],
        test_cases: [{ input: [2, 2], expected: 4 }],
      },
      language: 'python',
      code: 'def add(a, b):\n    return a + b\n',
    }),
  },
  responses: {
    200: json(SampleRunResult, 'Each sample test with its verdict, or the custom run'),
    ...errors(400, 401, 403, 429, 503),
  },
})
