import { ResultsCsvQuery } from '@assess/core'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { bearer, errors } from '../openapi.ts'

export const resultsCsv = createRoute({
  method: 'get',
  path: '/results.csv',
  tags: ['results'],
  summary:
    "One assessment's ended sessions (completed, expired, abandoned, cancelled) as a CSV " +
    'download, oldest completion first, streamed',
  description:
    "Staff of the organization (another organization's assessment is a 404; 503 " +
    "`exports_busy` while this server's other exports run, retry shortly); staff previews are " +
    'left out. Columns: candidate_name, candidate_email, status, completion_method, started_at, ' +
    'completed_at (ISO 8601 UTC), duration_seconds, final_score, max_score, percentage, ' +
    'recommendation, q1_score … qN_score (question position order; empty when unanswered or ' +
    'not graded), tab_switches, pastes. RFC 4180 quoting with CRLF line ends; text cells that ' +
    "start with =, +, -, @, tab or CR get a leading ' (OWASP CSV injection).",
  security: bearer,
  request: { query: ResultsCsvQuery },
  responses: {
    200: {
      description: 'The CSV file (Content-Disposition: attachment, named after the assessment)',
      headers: z.object({
        'Content-Disposition': z.string().meta({
          example: 'attachment; filename="backend-screening-results.csv"',
        }),
      }),
      content: { 'text/csv': { schema: z.string() } },
    },
    ...errors(400, 401, 403, 404, 503),
  },
})
