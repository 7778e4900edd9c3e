export { type ClaimedAnswer, claimAnswerForGrading } from './claim-answer.ts'
export {
  type GradeHistoryRecord,
  type GradeHistoryRow,
  type Person,
  readGradeHistory,
} from './grade-history.ts'
export {
  type AnswerGradingState,
  answerGradingState,
  gradeMcqBatch,
  type McqBatchResult,
} from './mcq-batch.ts'
export { type GradeOverride, type OverriddenGrade, overrideGrade } from './override-grade.ts'
export { type Regraded, type RegradeTarget, regradeAnswers } from './regrade.ts'
export {
  type GradedAnswer,
  type GradeToSave,
  noteGradingAttemptError,
  type SavedGrades,
  saveGrade,
  saveGrades,
} from './save-grade.ts'
export {
  loadSummaryMaterial,
  markEvaluationFailed,
  type SavedSummary,
  type SummaryMaterial,
  saveSessionSummary,
} from './summary.ts'
export { REGRADE_EVENT, sessionsAwaitingSummary } from './summary-due.ts'
