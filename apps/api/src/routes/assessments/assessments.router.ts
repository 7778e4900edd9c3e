import {
  createAssessment,
  getAssessment,
  listAssessments,
  startPreview,
  updateAssessment,
} from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { publishChecked } from '../../sample-solutions.ts'
import { invitationLink } from '../invitations/views.ts'
import { createRouter } from '../openapi.ts'
import * as routes from './assessments.routes.ts'
import { assessmentDetailView, assessmentView } from './views.ts'

export function createAssessmentsRouter(deps: AppDeps) {
  const { db } = deps
  const staffOnly = { middleware: [requireStaff(deps)] }
  const actorOf = (staff: { userId: string; orgId: string }) => ({
    userId: staff.userId,
    orgId: staff.orgId,
  })

  return createRouter()
    .openapi({ ...routes.create, ...staffOnly }, async (c) => {
      const detail = await createAssessment(db, actorOf(c.get('staff')), c.req.valid('json'))
      return c.json({ assessment: assessmentDetailView(detail) }, 201)
    })
    .openapi({ ...routes.list, ...staffOnly }, async (c) => {
      const query = c.req.valid('query')
      const page = await listAssessments(db, { ...query, orgId: c.get('staff').orgId })
      return c.json(
        { assessments: page.items.map((a) => assessmentView(a, a)), next_cursor: page.nextCursor },
        200,
      )
    })
    .openapi({ ...routes.get, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const detail = await getAssessment(db, { orgId: c.get('staff').orgId, assessmentId: id })
      return c.json({ assessment: assessmentDetailView(detail) }, 200)
    })
    .openapi({ ...routes.update, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const patch = c.req.valid('json')
      const detail = await updateAssessment(db, actorOf(c.get('staff')), {
        assessmentId: id,
        patch,
      })
      return c.json({ assessment: assessmentDetailView(detail) }, 200)
    })
    .openapi({ ...routes.publish, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const detail = await publishChecked(deps, actorOf(c.get('staff')), id)
      return c.json({ assessment: assessmentDetailView(detail) }, 200)
    })
    .openapi({ ...routes.preview, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const { invitation, token } = await startPreview(db, actorOf(c.get('staff')), {
        assessmentId: id,
        now: deps.now(),
      })
      const url = invitationLink(deps.config.publicUrl, token)
      return c.json({ token, url, expires_at: invitation.expiresAt.toISOString() }, 201)
    })
}
