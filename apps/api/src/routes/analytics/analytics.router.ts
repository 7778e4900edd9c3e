import { readAssessmentAnalytics } from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import * as routes from './analytics.routes.ts'
import { assessmentAnalyticsView } from './views.ts'

export function createAnalyticsRouter(deps: AppDeps) {
  const { db } = deps
  const staffOnly = { middleware: [requireStaff(deps)] }

  return createRouter().openapi(
    { ...routes.assessmentAnalytics, ...staffOnly },
    async function getAssessmentAnalytics(c) {
      const { id } = c.req.valid('param')
      const analytics = await readAssessmentAnalytics(db, {
        orgId: c.get('staff').orgId,
        assessmentId: id,
      })
      return c.json(assessmentAnalyticsView(analytics), 200)
    },
  )
}
