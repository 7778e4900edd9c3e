import { UnavailableError } from '@assess/core'
import { openResultsExport } from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import { resultsCsv } from './results-csv.routes.ts'
import { resultsCsvBody, resultsCsvFilename } from './results-csv.views.ts'

/**
 * Exports at once per API process: each holds one of the pool's connections (its cursor) for as
 * long as the client takes to download, so a few slow downloads must not starve the candidates.
 */
export const MAX_CONCURRENT_EXPORTS = 2

export function createResultsCsvRouter(deps: AppDeps) {
  const { db } = deps
  let running = 0
  return createRouter().openapi(
    { ...resultsCsv, middleware: [requireStaff(deps)] },
    async function downloadResultsCsv(c) {
      const { assessment_id } = c.req.valid('query')
      if (running >= MAX_CONCURRENT_EXPORTS)
        throw new UnavailableError('exports_busy', 'Other exports are running; try again shortly', {
          retry_after_seconds: 5,
        })
      running++
      const release = () => {
        running--
      }
      let exported: Awaited<ReturnType<typeof openResultsExport>>
      try {
        // Opened before the response starts: an unknown assessment is still a 404, not a CSV.
        exported = await openResultsExport(db, {
          orgId: c.get('staff').orgId,
          assessmentId: assessment_id,
        })
      } catch (err) {
        release()
        throw err
      }
      const logger = c.get('logger')
      const body = resultsCsvBody(
        exported,
        (err) => logger.error({ err, assessment_id }, 'results CSV export failed mid-stream'),
        release,
      )
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${resultsCsvFilename(exported.assessment.title)}"`,
        'Cache-Control': 'no-store',
      })
    },
  )
}
