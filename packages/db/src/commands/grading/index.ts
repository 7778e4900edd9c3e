export { type ClaimedAnswer, claimAnswerForGrading } from './claim-answer.ts'
export { gradeMcqBatch, type McqBatchResult } from './mcq-batch.ts'
export {
  type GradeToSave,
  noteGradingAttemptError,
  type SavedGrades,
  saveGrade,
  saveGrades,
} from './save-grade.ts'
export {
  loadSummaryMaterial,
  markEvaluationFailed,
  type SummaryMaterial,
  saveSessionSummary,
} from './summary.ts'
export { sessionsAwaitingSummary } from './summary-due.ts'
