export { createDb, type Database, type Db, type DbHandle, type Transaction } from './client.ts'
export type { StaffActor } from './commands/actor.ts'
export { createAssessment } from './commands/assessments/create-assessment.ts'
export { getAssessment } from './commands/assessments/get-assessment.ts'
export { type AssessmentSummary, listAssessments } from './commands/assessments/list-assessments.ts'
export { publishAssessment } from './commands/assessments/publish-assessment.ts'
export type { AssessmentDetail, AssessmentRow, QuestionRow } from './commands/assessments/types.ts'
export { updateAssessment } from './commands/assessments/update-assessment.ts'
export { authenticate } from './commands/auth/authenticate.ts'
export { getUser } from './commands/auth/get-user.ts'
export { signUp } from './commands/auth/sign-up.ts'
export { acceptInvitation } from './commands/invitations/accept-invitation.ts'
export { createInvitation } from './commands/invitations/create-invitation.ts'
export { grantExtraAttempt } from './commands/invitations/grant-attempt.ts'
export { listInvitations } from './commands/invitations/list-invitations.ts'
export { revokeInvitation } from './commands/invitations/revoke-invitation.ts'
export { startPreview } from './commands/invitations/start-preview.ts'
export type { InvitationRow } from './commands/invitations/types.ts'
export {
  assertLanguagesAvailable,
  type CodeLanguageRow,
  type LanguageProbe,
  listCodeLanguages,
  markCodeLanguagesSeen,
  recordCodeLanguages,
} from './commands/languages/code-languages.ts'
export { checkLiveScope } from './commands/live/live-scope.ts'
export { ensureDatabase, migrateDatabase } from './migrate.ts'
export { pipelinedTransaction } from './reserved-transaction.ts'
export * as schema from './schema/index.ts'
export { inTransaction } from './transaction.ts'
export type UserRow = typeof import('./schema/users.ts').users.$inferSelect
export * from './commands/analytics/index.ts'
export * from './commands/email/index.ts'
export * from './commands/grading/index.ts'
export * from './commands/members/index.ts'
export * from './commands/results/index.ts'
export {
  DELIVERY_LOG_RETENTION_DAYS,
  pruneDeliveryLogs,
} from './commands/retention/prune-delivery-logs.ts'
export { clockOf } from './commands/sessions/clock-state.ts'
export * from './commands/sessions/index.ts'
export * from './commands/webhooks/index.ts'
export { isDataException, isUniqueViolation } from './pg-errors.ts'
export { pingDatabase } from './ping.ts'
