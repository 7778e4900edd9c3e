export { type ClaimedAnswer, claimAnswerForGrading } from './claim-answer.ts'
export { type GradeToSave, noteGradingAttemptError, saveGrade } from './save-grade.ts'
export {
  loadSummaryMaterial,
  markEvaluationFailed,
  type SummaryMaterial,
  saveSessionSummary,
} from './summary.ts'
export { sessionsAwaitingSummary } from './summary-due.ts'
