import { z } from 'zod'

export const AnswerGradingStatus = z.enum([
  'pending',
  'grading',
  'graded',
  'failed',
  'needs_review',
])
/** The summary's hiring recommendation. */
export const SessionRecommendation = z.enum(['strong_hire', 'hire', 'maybe', 'no_hire'])
/** Where a finished session's grading stands (its summary is written at `done`). */
export const SessionEvaluationStatus = z.enum(['pending', 'grading', 'done', 'failed'])
const Recommendation = SessionRecommendation
const EvaluationStatus = SessionEvaluationStatus

/** Why a recruiter changed a grade: required, kept in the grade history and the timeline. */
export const GradeReason = z.string().trim().min(1).max(500)

export const GradeOverrideInput = z.object({
  score: z
    .number()
    .min(0)
    .meta({ description: "0 to the answer's max_score (a score above it is a 400)" }),
  reason: GradeReason,
  feedback: z.string().trim().max(5000).optional().meta({
    description:
      "The recruiter's note to the grade, stored beside the grader's feedback (kept) as `human`",
  }),
})
export type GradeOverrideInput = z.infer<typeof GradeOverrideInput>

export const RegradeInput = z.object({ reason: GradeReason })
export type RegradeInput = z.infer<typeof RegradeInput>

const Person = z.object({ id: z.uuid(), name: z.string(), email: z.string() })

/** A grade an answer had before an override or a regrade replaced it. */
export const GradeHistoryEntry = z.object({
  id: z.uuid(),
  action: z.enum(['override', 'regrade']),
  reason: z.string(),
  at: z.iso.datetime().meta({ description: 'When it was replaced' }),
  by: Person.nullable().meta({ description: 'Who replaced it (null: the user was deleted)' }),
  from_score: z.number().nullable(),
  to_score: z.number().nullable().meta({
    description: 'The score that replaced it (null while a regrade is still running)',
  }),
  max_score: z.number(),
  from_status: AnswerGradingStatus,
  from_grader: z
    .record(z.string(), z.unknown())
    .nullable()
    .meta({ description: 'The replaced grade’s grader: { method, model, ... }' }),
  graded_at: z.iso.datetime().nullable().meta({ description: 'When the replaced grade was made' }),
})
export type GradeHistoryEntry = z.infer<typeof GradeHistoryEntry>

/** A human override's result: the answer's new grade and the session's recomputed totals. */
export const GradeOverrideResult = z.object({
  answer: z.object({
    answer_id: z.uuid(),
    session_id: z.uuid(),
    question_id: z.uuid(),
    score: z.number(),
    max_score: z.number(),
    grading_status: AnswerGradingStatus,
    grader: z.record(z.string(), z.unknown()),
    feedback: z.record(z.string(), z.unknown()).nullable(),
    graded_at: z.iso.datetime(),
  }),
  session: z.object({
    id: z.uuid(),
    final_score: z.number().nullable(),
    max_score: z.number().nullable(),
    percentage: z.number().nullable(),
    recommendation: Recommendation.nullable(),
    evaluation_status: EvaluationStatus,
  }),
  history: GradeHistoryEntry.meta({ description: 'The entry this override added' }),
})
export type GradeOverrideResult = z.infer<typeof GradeOverrideResult>

/** A regrade's result (202): the answers queued again, and the session's regrade revision. */
export const RegradeResult = z.object({
  session_id: z.uuid(),
  revision: z.number().int().meta({
    description: "The session's regrade count; the summary that follows runs under it",
  }),
  evaluation_status: EvaluationStatus,
  answers: z.array(
    z.object({
      answer_id: z.uuid(),
      question_id: z.uuid(),
      grading_status: AnswerGradingStatus,
    }),
  ),
})
export type RegradeResult = z.infer<typeof RegradeResult>
