import {
  addReportNote,
  listReportNotes,
  listResults,
  readSessionReport,
  readTimeline,
} from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import { sessionContext } from '../sessions/live-events.ts'
import * as routes from './results.routes.ts'
import { reportEventView, reportNoteView, resultItemView, sessionReportView } from './views.ts'

export function createResultsRouter(deps: AppDeps) {
  const { db } = deps
  const ctx = sessionContext(deps)
  const staffOnly = { middleware: [requireStaff(deps)] }

  return createRouter()
    .openapi({ ...routes.list, ...staffOnly }, async (c) => {
      const query = c.req.valid('query')
      const page = await listResults(db, {
        orgId: c.get('staff').orgId,
        assessmentId: query.assessment_id,
        recommendation: query.recommendation,
        minPercentage: query.min_percentage,
        limit: query.limit,
        cursor: query.cursor,
      })
      return c.json({ results: page.items.map(resultItemView), next_cursor: page.nextCursor }, 200)
    })
    .openapi({ ...routes.report, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const report = await readSessionReport(ctx, { sessionId: id, orgId: c.get('staff').orgId })
      return c.json(sessionReportView(report), 200)
    })
    .openapi({ ...routes.timeline, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const query = c.req.valid('query')
      const page = await readTimeline(db, {
        sessionId: id,
        orgId: c.get('staff').orgId,
        cursor: query.cursor,
        limit: query.limit,
      })
      return c.json({ events: page.events.map(reportEventView), next_cursor: page.nextCursor }, 200)
    })
    .openapi({ ...routes.notes, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const notes = await listReportNotes(db, { orgId: c.get('staff').orgId, sessionId: id })
      return c.json({ notes: notes.map(reportNoteView) }, 200)
    })
    .openapi({ ...routes.addNote, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const staff = c.get('staff')
      const note = await addReportNote(db, {
        orgId: staff.orgId,
        sessionId: id,
        authorId: staff.userId,
        body: c.req.valid('json').body,
        now: deps.now(),
      })
      return c.json(reportNoteView(note), 201)
    })
}
