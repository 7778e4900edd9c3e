import type { assessments, questions } from '../../schema/index.ts'

export type AssessmentRow = typeof assessments.$inferSelect
export type QuestionRow = typeof questions.$inferSelect
export interface AssessmentDetail {
  assessment: AssessmentRow
  questions: QuestionRow[]
}
