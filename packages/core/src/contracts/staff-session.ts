import { z } from 'zod'
import { AnswerPayload } from './answers.ts'
import { AnswerGradingStatus, SessionEvaluationStatus, SessionRecommendation } from './grades.ts'
import { SessionView } from './sessions.ts'

/**
 * GET /api/sessions/:id with a staff token: the session's state with its liveness and grading,
 * who took it, and each stored answer (the report, GET /api/results/:id, adds the rest).
 */
export const StaffSessionView = z.object({
  session: SessionView.extend({
    last_heartbeat: z.iso.datetime().nullable(),
    last_activity: z.iso.datetime().nullable(),
    /** When the candidate's tab closed, while they have not come back. */
    left_at: z.iso.datetime().nullable(),
    extra_time_percent: z.number(),
    evaluation_status: SessionEvaluationStatus,
    final_score: z.number().nullable(),
    max_score: z.number().nullable(),
    percentage: z.number().nullable(),
    recommendation: SessionRecommendation.nullable(),
  }),
  candidate: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
  answers: z.array(
    z.object({
      id: z.uuid(),
      question_id: z.uuid(),
      answer: AnswerPayload,
      submitted_at: z.iso.datetime(),
      submitted_by: z.enum(['candidate', 'server']),
      time_taken_ms: z.number().int(),
      time_expired: z.boolean(),
      grading_status: AnswerGradingStatus,
      score: z.number().nullable(),
      max_score: z.number(),
    }),
  ),
})
export type StaffSessionView = z.infer<typeof StaffSessionView>
