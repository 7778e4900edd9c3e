import { CodeLanguageStatus } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors, json } from '../openapi.ts'

export const list = createRoute({
  method: 'get',
  path: '/languages',
  tags: ['assessments'],
  summary: 'The code languages, and whether this deployment can run each',
  description:
    'Staff only. Each worker compiles and runs a probe program in every language when it starts and records what it found. A question in a language reported unavailable cannot be published.',
  security: bearer,
  responses: {
    200: json(
      z.object({ languages: z.array(CodeLanguageStatus) }),
      'Every language, in the editor’s order',
    ),
    ...errors(401, 403),
  },
})
