import { z } from 'zod'
import { QuestionInput, QuestionView } from './questions.ts'

export const AssessmentStatus = z.enum(['draft', 'published', 'archived'])
export const Navigation = z.enum(['sequential', 'free'])

// Fields without defaults, so PATCH can tell "not sent" from "set to the default".
const settings = {
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000),
  duration_minutes: z.number().int().min(1).max(1440).nullable(),
  navigation: Navigation,
  max_attempts: z.number().int().min(1).max(10),
  grace_seconds: z.number().int().min(0).max(60),
  heartbeat_timeout_seconds: z.number().int().min(5).max(3600),
  show_results_to_candidate: z.boolean(),
}
const Questions = z.array(QuestionInput).max(200)

export const AssessmentCreateInput = z.object({
  ...settings,
  description: settings.description.default(''),
  duration_minutes: settings.duration_minutes.default(null),
  navigation: settings.navigation.default('sequential'),
  max_attempts: settings.max_attempts.default(1),
  grace_seconds: settings.grace_seconds.default(2),
  heartbeat_timeout_seconds: settings.heartbeat_timeout_seconds.default(300),
  show_results_to_candidate: settings.show_results_to_candidate.default(false),
  questions: Questions.default([]),
})
export type AssessmentCreateInput = z.infer<typeof AssessmentCreateInput>

export const AssessmentPatchInput = z
  .object({ ...settings, questions: Questions })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'send at least one field to change')
export type AssessmentPatchInput = z.infer<typeof AssessmentPatchInput>

export const AssessmentView = z.object({
  id: z.uuid(),
  org_id: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: AssessmentStatus,
  duration_minutes: z.number().nullable(),
  navigation: Navigation,
  max_attempts: z.number(),
  grace_seconds: z.number(),
  heartbeat_timeout_seconds: z.number(),
  show_results_to_candidate: z.boolean(),
  question_count: z.number(),
  total_points: z.number(),
  published_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
})
export type AssessmentView = z.infer<typeof AssessmentView>

/** GET /api/assessments/:id (and create, update, publish): the settings and every question. */
export const AssessmentWithQuestionsView = AssessmentView.extend({
  questions: z.array(QuestionView),
})
export type AssessmentWithQuestionsView = z.infer<typeof AssessmentWithQuestionsView>

/**
 * GET /api/assessments/:id (and POST /api/assessments, PATCH /api/assessments/:id, POST
 * /api/assessments/:id/publish): the assessment with every question, answers included.
 */
export const AssessmentResponse = z.object({ assessment: AssessmentWithQuestionsView })
export type AssessmentResponse = z.infer<typeof AssessmentResponse>

/** GET /api/assessments: a page of assessments; pass next_cursor to read the next one. */
export const AssessmentList = z.object({
  assessments: z.array(AssessmentView),
  next_cursor: z.string().nullable(),
})
export type AssessmentList = z.infer<typeof AssessmentList>

/** POST /api/assessments/:id/preview: the caller's link to take the assessment without it counting. */
export const PreviewStarted = z.object({
  token: z.string().meta({ description: 'The invitation token (shown once)' }),
  url: z.url().meta({ description: 'The link to open, in a tab of its own' }),
  expires_at: z.iso.datetime(),
})
export type PreviewStarted = z.infer<typeof PreviewStarted>
