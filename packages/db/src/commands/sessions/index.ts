export type { CancelledSessions } from './cancel-sessions.ts'
export { countOpenSessions } from './count-open.ts'
export { type AssessmentDefinition, loadDefinition } from './definition.ts'
export { abandonSession, completeSession } from './end-session.ts'
export type { Touched, TouchedSession } from './fast-touch.ts'
export { listSessions, type SessionListItem } from './list-sessions.ts'
export { openQuestion } from './open-question.ts'
export {
  cancelSession,
  extendSession,
  type ProctorCall,
  pauseSession,
  resumePausedSession,
} from './proctor.ts'
export { readSession, readSessionForStaff } from './read-session.ts'
export {
  type PendingAnswer,
  pendingAnswers,
  RECONCILE_AFTER_MS,
  reconcileAnswers,
} from './reconcile.ts'
export { recordEvents } from './record-events.ts'
export { type ActiveSession, resumeActiveSession } from './resume-session.ts'
export { authorizeSampleRun, type CodeSpec, recordSampleRun } from './sample-run.ts'
export { type CandidateToken, startSession } from './start-session.ts'
export { type AnswerRow, submitAnswer } from './submit-answer.ts'
export { type SweepResult, sweepSessions } from './sweep.ts'
export { heartbeat, recordActivity, saveProgress } from './touch-session.ts'
export type {
  AnswerQueue,
  CandidateScope,
  SessionContext,
  SessionRow,
  SessionSnapshot,
} from './types.ts'
