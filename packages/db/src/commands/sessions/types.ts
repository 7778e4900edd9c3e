import type { testSessions } from '../../schema/index.ts'
import type { AssessmentDefinition } from './definition.ts'

export type SessionRow = typeof testSessions.$inferSelect

/** Everything a response about a session needs, read inside the transaction that touched it. */
export interface SessionSnapshot {
  session: SessionRow
  definition: AssessmentDefinition
  answeredQuestionIds: Set<string>
  now: Date
}

/** Where stored answers go to be graded (BullMQ in production and tests). Never throws. */
export interface AnswerQueue {
  enqueueGrading(answerIds: string[]): Promise<void>
}

/**
 * A call on a session with a candidate token. The token is scoped to one invitation (and so one
 * assessment): it reaches only that invitation's sessions, and nothing once it is revoked.
 */
export interface CandidateScope {
  sessionId: string
  candidateId: string
  /** The token's assessment: its definition is cached, so it costs no query. */
  assessmentId: string
  invitationId: string
}

export interface SessionContext {
  db: import('../../client.ts').Database
  now: () => Date
  queue: AnswerQueue
}
