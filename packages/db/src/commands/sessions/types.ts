import type { testSessions } from '../../schema/index.ts'
import type { AssessmentDefinition } from './definition.ts'
import type { SessionDrafts } from './drafts.ts'

export type SessionRow = typeof testSessions.$inferSelect

/** Everything a response about a session needs, read inside the transaction that touched it. */
export interface SessionSnapshot {
  session: SessionRow
  definition: AssessmentDefinition
  answeredQuestionIds: Set<string>
  now: Date
  /**
   * The call itself ended the session (the last answer, complete, quit, a recruiter's cancel),
   * as opposed to the clock's catch-up before it (reported through `onClockEnded`) or earlier.
   */
  endedByCall?: boolean
  /** A finished session's last answer (the plain read only): what ended the test, and when. */
  lastAnswer?: LastAnswer | null
  /** The drafts, read only by the calls that hand a device its lease (start, resume). */
  storedDrafts?: SessionDrafts
}

export interface LastAnswer {
  questionId: string
  submittedAt: Date
  /** Submitted by the clock (its window closed), not by the candidate. */
  timeExpired: boolean
}

/**
 * Where stored answers go to be graded (BullMQ in production and tests: @assess/queues'
 * createGradingProducer). Never throws.
 */
export interface AnswerQueue {
  /**
   * `revision`: a regrade's (see GradeAnswerJob.jobId); 0, the first grading, by default.
   * `requeue`: the answer is owed a grade although a job under its id may have finished (the
   * reconciler): that job is cleared first instead of swallowing the new one.
   */
  enqueueGrading(
    answerIds: string[],
    options?: { revision?: number; requeue?: boolean },
  ): Promise<void>
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
  /**
   * Told, after commit, of each session the clock ended (a touch's catch-up, the sweeper):
   * live monitoring publishes it. Must not throw.
   */
  onClockEnded?: (session: SessionRow) => void
}
