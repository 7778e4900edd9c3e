import { describe, expect, test } from 'bun:test'
import { at, questions, session, t0 } from './clock-fixtures.ts'
import { endSession, FINISHED_STATUSES, isFinished, planAnswer } from './lifecycle.ts'

describe('the final statuses and endings', () => {
  test('every status but active is final', () => {
    expect(FINISHED_STATUSES).toEqual(['completed', 'expired', 'abandoned', 'cancelled'])
    expect(isFinished('active')).toBe(false)
    expect(isFinished('expired')).toBe(true)
  })

  test('an ending releases the lease and says how; impossible endings are refused', () => {
    expect(endSession('expired', 'timer_expired', at(5))).toEqual({
      status: 'expired',
      completionMethod: 'timer_expired',
      completedAt: at(5),
      leaseId: null,
    })
    expect(() => endSession('completed', 'heartbeat_timeout', at(5))).toThrow()
    expect(() => endSession('expired', 'manual', at(5))).toThrow()
  })
})

describe('planAnswer', () => {
  test('sequential: the next question is served now, its deadline becomes the next one', () => {
    const plan = planAnswer(session(), questions, 0, at(20))
    expect(plan).toEqual({
      servedAt: t0,
      late: false,
      timeTakenMs: 20_000,
      done: false,
      answeredCount: 1,
      currentQuestionIndex: 1,
      currentQuestionServedAt: at(20),
      nextDeadlineAt: at(20 + 120 + 2),
    })
  })

  test('inside the grace the answer is accepted but marked late', () => {
    expect(planAnswer(session(), questions, 0, at(61)).late).toBe(true)
    expect(planAnswer(session(), questions, 0, at(60)).late).toBe(false)
  })

  test('free navigation: timed from its first opening, pointing at the first open question', () => {
    const s = session({
      navigation: 'free',
      questionServedAt: { q3: at(20) },
      answeredQuestionIds: new Set(['q1']),
    })
    const plan = planAnswer(s, questions, 2, at(30))
    expect(plan).toMatchObject({
      servedAt: at(20),
      timeTakenMs: 10_000,
      done: false,
      answeredCount: 2,
      currentQuestionIndex: 1,
      currentQuestionServedAt: t0,
    })
    // Answered without being opened: it took no time (the commands refuse this for a timed
    // question, which is withheld until opened: see clock's `withheld`).
    expect(planAnswer(s, questions, 1, at(30))).toMatchObject({ servedAt: at(30), timeTakenMs: 0 })
  })

  test('the last answer completes the session: nothing is served, nothing is due', () => {
    const s = session({ currentQuestionIndex: 2, answeredQuestionIds: new Set(['q1', 'q2']) })
    expect(planAnswer(s, questions, 2, at(300))).toMatchObject({
      done: true,
      answeredCount: 3,
      currentQuestionIndex: 3,
      currentQuestionServedAt: null,
      nextDeadlineAt: null,
    })
  })
})
