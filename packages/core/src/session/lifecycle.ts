/**
 * The session's state machine, pure: which statuses are final, what ending a session writes,
 * and where an accepted answer moves the session. Commands in packages/db apply these plans.
 */
import type { CompletionMethod, SessionStatus } from '../contracts/sessions.ts'
import {
  type ClockQuestion,
  type ClockSession,
  firstUnanswered,
  nextDeadline,
  servedAt as servedAtOf,
  windowEnd,
} from './clock.ts'

/** Statuses a session never leaves. */
export const FINISHED_STATUSES: readonly SessionStatus[] = [
  'completed',
  'expired',
  'abandoned',
  'cancelled',
]

export const isFinished = (status: SessionStatus) => FINISHED_STATUSES.includes(status)

/**
 * Finished statuses whose attempt is graded into a score, a summary and a recommendation. A
 * cancelled attempt's answers are graded, but it gets neither.
 */
export const SUMMARIZED_STATUSES = [
  'completed',
  'expired',
  'abandoned',
] as const satisfies readonly SessionStatus[]

export const isSummarized = (status: SessionStatus) =>
  (SUMMARIZED_STATUSES as readonly SessionStatus[]).includes(status)

/** A session still under way: running, or stopped by a recruiter until resumed. */
export type LiveStatus = 'active' | 'paused'
export type EndedStatus = Exclude<SessionStatus, LiveStatus>

/** Who ends a session how: each final status with the methods that may lead to it. */
const ENDINGS: Record<EndedStatus, readonly CompletionMethod[]> = {
  completed: ['manual', 'auto'],
  expired: ['timer_expired'],
  abandoned: ['manual', 'tab_close', 'heartbeat_timeout'],
  cancelled: ['cancelled'],
}

/**
 * What ending an active session writes, whatever ends it (the clock, the last answer, the
 * candidate, the sweeper): the status, how, when, and the lease released.
 */
export function endSession(status: EndedStatus, method: CompletionMethod, now: Date) {
  if (!ENDINGS[status].includes(method))
    throw new Error(`a session does not become ${status} by ${method}`)
  return { status, completionMethod: method, completedAt: now, leaseId: null }
}

export interface AnswerPlan {
  /** When the question's window started: its first opening in free navigation. */
  servedAt: Date
  /** Accepted inside the grace, after the window itself had closed. */
  late: boolean
  timeTakenMs: number
  /** Every question now has an answer: the session completes (`auto`). */
  done: boolean
  answeredCount: number
  currentQuestionIndex: number
  currentQuestionServedAt: Date | null
  nextDeadlineAt: Date | null
}

/**
 * Where an accepted answer to question `index` moves the session: sequential navigation serves
 * the next question now; free navigation points at the first open one.
 */
export function planAnswer(
  s: ClockSession,
  questions: readonly ClockQuestion[],
  index: number,
  now: Date,
): AnswerPlan {
  const question = questions[index]
  if (!question) throw new Error(`no question at index ${index}`)
  const free = s.navigation === 'free'
  // Free navigation: a question answered without being opened (only a client that skips the
  // opening can) was served now, so it took no time.
  const servedAt = free
    ? (servedAtOf(s, question, index) ?? now)
    : (s.currentQuestionServedAt ?? now)
  const end = windowEnd(s, question, servedAt)
  const answered = new Set(s.answeredQuestionIds).add(question.id)
  const done = answered.size >= questions.length
  const nextIndex = s.navigation === 'sequential' ? index + 1 : firstUnanswered(questions, answered)
  const next: ClockSession = {
    ...s,
    currentQuestionIndex: done ? questions.length : nextIndex,
    currentQuestionServedAt: done ? null : free ? s.currentQuestionServedAt : now,
    answeredQuestionIds: answered,
  }
  return {
    servedAt,
    late: end !== null && now.getTime() > end.getTime(),
    // An extension moved the served-at stamp forward; the time spent is still all of it.
    timeTakenMs: Math.max(
      0,
      now.getTime() - servedAt.getTime() + (s.windowExtensionsMs?.[question.id] ?? 0),
    ),
    done,
    answeredCount: answered.size,
    currentQuestionIndex: next.currentQuestionIndex,
    currentQuestionServedAt: next.currentQuestionServedAt,
    nextDeadlineAt: done ? null : nextDeadline(next, questions),
  }
}
