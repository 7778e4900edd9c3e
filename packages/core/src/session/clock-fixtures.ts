/** Shared by the session rules' tests: a start time, three questions and a session on them. */
import type { ClockQuestion, ClockSession } from './clock.ts'

export const t0 = new Date('2026-01-01T10:00:00.000Z')
export const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)
export const questions: ClockQuestion[] = [
  { id: 'q1', timeLimitSeconds: 60 },
  { id: 'q2', timeLimitSeconds: 120 },
  { id: 'q3', timeLimitSeconds: null },
]
/** Sequential, ten minutes, 2 s of grace, on its first question since t0. */
export const session = (over: Partial<ClockSession> = {}): ClockSession => ({
  navigation: 'sequential',
  startedAt: t0,
  expiresAt: at(600),
  graceSeconds: 2,
  extraTimePercent: 0,
  currentQuestionIndex: 0,
  currentQuestionServedAt: t0,
  answeredQuestionIds: new Set(),
  ...over,
})
