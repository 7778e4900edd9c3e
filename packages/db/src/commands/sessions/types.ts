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

export interface SessionContext {
  db: import('../../client.ts').Database
  now: () => Date
  queue: AnswerQueue
}
