import { describe, expect, test } from 'bun:test'
import { planCatchUp, planOpen, remaining, sessionExpiresAt } from './clock.ts'
import { at, questions, session, t0 } from './clock-fixtures.ts'

describe('planCatchUp (sequential)', () => {
  test('inside the window (grace included) nothing happens', () => {
    const plan = planCatchUp(session(), questions, at(62))
    expect(plan.finalize).toEqual([])
    expect(plan.outcome).toBe('active')
    expect(plan.nextDeadlineAt).toEqual(at(62))
  })

  test('past the grace the question is finalized and the next is served at its deadline', () => {
    const plan = planCatchUp(session(), questions, at(63))
    expect(plan.finalize).toEqual([{ questionId: 'q1', index: 0, servedAt: t0, windowEnd: at(60) }])
    expect(plan.currentQuestionIndex).toBe(1)
    expect(plan.currentQuestionServedAt).toEqual(at(62))
    expect(plan.nextDeadlineAt).toEqual(at(62 + 120 + 2))
  })

  test('running late gives the same result as running on time (chained windows)', () => {
    const late = planCatchUp(session(), questions, at(500))
    expect(late.finalize.map((f) => f.questionId)).toEqual(['q1', 'q2'])
    expect(late.finalize[1]?.windowEnd).toEqual(at(62 + 120))
    expect(late.currentQuestionServedAt).toEqual(at(184))
    // q3 has no limit of its own: the session's end is its deadline.
    expect(late.nextDeadlineAt).toEqual(at(602))
  })

  test('past expires_at + grace every open question is finalized and the session expires', () => {
    const plan = planCatchUp(session(), questions, at(603))
    expect(plan.finalize.map((f) => f.questionId)).toEqual(['q1', 'q2', 'q3'])
    expect(plan.outcome).toBe('expired')
    expect(plan.nextDeadlineAt).toBeNull()
  })

  test('early answers are fine: an answered question is skipped, not timed', () => {
    const plan = planCatchUp(
      session({
        answeredQuestionIds: new Set(['q1']),
        currentQuestionIndex: 1,
        currentQuestionServedAt: at(5),
      }),
      questions,
      at(100),
    )
    expect(plan.finalize).toEqual([])
    expect(plan.nextDeadlineAt).toEqual(at(5 + 120 + 2))
  })

  test('extra time stretches each question limit and the session', () => {
    const extra = session({ extraTimePercent: 50, expiresAt: sessionExpiresAt(t0, 10, 50) })
    expect(extra.expiresAt).toEqual(at(900))
    expect(planCatchUp(extra, questions, at(91)).finalize).toEqual([])
    expect(planCatchUp(extra, questions, at(93)).finalize.map((f) => f.questionId)).toEqual(['q1'])
  })

  test('a question window is capped by the session end', () => {
    const short = session({ expiresAt: at(30) })
    expect(remaining(short, questions[0] ?? null, 0, at(10))).toEqual({
      questionDeadline: at(30),
      questionRemainingMs: 20_000,
      sessionRemainingMs: 20_000,
    })
  })

  test('no limits at all: nothing ever expires', () => {
    const open = session({ expiresAt: null })
    const plan = planCatchUp(open, [{ id: 'q', timeLimitSeconds: null }], at(1e6))
    expect(plan).toMatchObject({ finalize: [], outcome: 'active', nextDeadlineAt: null })
  })
})

describe('planCatchUp (free navigation)', () => {
  const opened = (stamps: Record<string, number>) =>
    Object.fromEntries(Object.entries(stamps).map(([id, s]) => [id, at(s)]))

  test('each question is timed from its first opening; overdue ones close, others stay open', () => {
    const free = session({
      navigation: 'free',
      questionServedAt: opened({ q1: 0, q2: 50 }),
      answeredQuestionIds: new Set(),
    })
    const plan = planCatchUp(free, questions, at(100))
    expect(plan.finalize).toEqual([{ questionId: 'q1', index: 0, servedAt: t0, windowEnd: at(60) }])
    expect(plan.currentQuestionIndex).toBe(1)
    // q2's window: opened at 50 s, 120 s long, 2 s of grace.
    expect(plan.nextDeadlineAt).toEqual(at(172))
  })

  test('a question never opened never expires on its own: only the session end applies', () => {
    const free = session({ navigation: 'free', questionServedAt: {} })
    const plan = planCatchUp(free, questions, at(500))
    expect(plan).toMatchObject({ finalize: [], outcome: 'active', nextDeadlineAt: at(602) })
    // At the session's end every question still open is finalized, opened or not.
    const over = planCatchUp({ ...free, questionServedAt: opened({ q1: 590 }) }, questions, at(603))
    expect(over.outcome).toBe('expired')
    expect(over.finalize).toEqual([
      { questionId: 'q1', index: 0, servedAt: at(590), windowEnd: at(600) },
      { questionId: 'q2', index: 1, servedAt: null, windowEnd: at(600) },
      { questionId: 'q3', index: 2, servedAt: null, windowEnd: at(600) },
    ])
  })

  test('opened late, a question still gets its whole window, cut by the session end', () => {
    const free = session({ navigation: 'free', questionServedAt: opened({ q2: 550 }) })
    const remains = remaining(free, questions[1] ?? null, 1, at(560))
    expect(remains.questionDeadline).toEqual(at(600))
    expect(remaining(free, questions[0] ?? null, 0, at(560)).questionDeadline).toBeNull()
  })

  test('when the last open question closes the session completes', () => {
    const free = session({
      navigation: 'free',
      questionServedAt: opened({ q1: 0 }),
      answeredQuestionIds: new Set(['q2', 'q3']),
    })
    expect(planCatchUp(free, questions, at(100)).outcome).toBe('completed')
  })
})

describe('planOpen', () => {
  const free = session({ navigation: 'free', questionServedAt: { q1: t0 } })

  test('the first opening starts the window and may bring the next deadline forward', () => {
    expect(planOpen(free, questions, 1, at(10))).toEqual({
      servedAt: at(10),
      // q1's window (60 s + 2 s grace) still ends first.
      nextDeadlineAt: at(62),
    })
    const late = session({ navigation: 'free', questionServedAt: {} })
    expect(planOpen(late, questions, 1, at(10))?.nextDeadlineAt).toEqual(at(132))
  })

  test('nothing to stamp: opened before, answered, or sequential navigation', () => {
    expect(planOpen(free, questions, 0, at(10))).toBeNull()
    const answered = session({ navigation: 'free', answeredQuestionIds: new Set(['q2']) })
    expect(planOpen(answered, questions, 1, at(10))).toBeNull()
    expect(planOpen(session(), questions, 1, at(10))).toBeNull()
    expect(planOpen(free, questions, 7, at(10))).toBeNull()
  })
})
