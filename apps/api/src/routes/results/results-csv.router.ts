import { openResultsExport } from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import { resultsCsv } from './results-csv.routes.ts'
import { resultsCsvBody, resultsCsvFilename } from './results-csv.views.ts'

export function createResultsCsvRouter(deps: AppDeps) {
  const { db, tokens } = deps
  return createRouter().openapi(
    { ...resultsCsv, middleware: [requireStaff(tokens)] },
    async function downloadResultsCsv(c) {
      const { assessment_id } = c.req.valid('query')
      // Opened before the response starts: an unknown assessment is still a 404, not a CSV.
      const exported = await openResultsExport(db, {
        orgId: c.get('staff').orgId,
        assessmentId: assessment_id,
      })
      const logger = c.get('logger')
      const body = resultsCsvBody(exported, (err) =>
        logger.error({ err, assessment_id }, 'results CSV export failed mid-stream'),
      )
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${resultsCsvFilename(exported.assessment.title)}"`,
        'Cache-Control': 'no-store',
      })
    },
  )
}
