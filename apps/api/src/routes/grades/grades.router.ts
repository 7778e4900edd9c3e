import { overrideGrade, regradeAnswers, type SessionContext } from '@assess/db'
import type { AppDeps } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import * as routes from './grades.routes.ts'
import { gradeOverrideView, regradeView } from './views.ts'

export function createGradesRouter(deps: AppDeps) {
  const { db, now, queue } = deps
  const ctx: SessionContext = { db, now, queue }
  const staffOnly = { middleware: [requireStaff(deps)] }

  return createRouter()
    .openapi({ ...routes.override, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const input = c.req.valid('json')
      const result = await overrideGrade(db, c.get('staff'), {
        answerId: id,
        score: input.score,
        reason: input.reason,
        feedback: input.feedback,
        now: now(),
      })
      // Live dashboards hear a human grade like any other.
      const { answer, session } = result
      void deps.live.publish(session, {
        type: 'answer.graded',
        at: answer.gradedAt.toISOString(),
        session_id: session.id,
        assessment_id: session.assessmentId,
        data: {
          answer_id: answer.id,
          question_id: answer.questionId,
          grading_status: answer.gradingStatus,
          score: answer.score,
          max_score: answer.maxScore,
        },
      })
      return c.json(gradeOverrideView(result), 200)
    })
    .openapi({ ...routes.regradeAnswer, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const { reason } = c.req.valid('json')
      const result = await regradeAnswers(ctx, c.get('staff'), { target: { answerId: id }, reason })
      return c.json(regradeView(result), 202)
    })
    .openapi({ ...routes.regradeSession, ...staffOnly }, async (c) => {
      const { id } = c.req.valid('param')
      const { reason } = c.req.valid('json')
      const result = await regradeAnswers(ctx, c.get('staff'), {
        target: { sessionId: id },
        reason,
      })
      return c.json(regradeView(result), 202)
    })
}
