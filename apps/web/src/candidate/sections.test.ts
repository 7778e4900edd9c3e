import { describe, expect, test } from 'bun:test'
import type { SessionState } from '@assess/core'
import { sectionsCompletedAfter } from './sections.ts'

const q = (id: string, section: string | null) =>
  ({
    id,
    index: 0,
    section,
    type: 'mcq',
    prompt: 'p',
    points: 1,
    time_limit_seconds: null,
  }) as const
const state = (over: Partial<SessionState>): SessionState =>
  ({
    question: null,
    progress: { pending_answers: {}, flagged_question_ids: [], sections_completed: [] },
    ...over,
  }) as SessionState

describe('sections completed', () => {
  test('sequential: leaving a section finishes it, staying does not', () => {
    const a1 = state({ question: q('1', 'A') })
    expect(sectionsCompletedAfter(a1, state({ question: q('2', 'A') }))).toBeNull()
    expect(sectionsCompletedAfter(a1, state({ question: q('3', 'B') }))).toEqual(['A'])
    expect(sectionsCompletedAfter(a1, state({ question: null }))).toEqual(['A'])
    expect(sectionsCompletedAfter(state({ question: q('1', null) }), state({}))).toBeNull()
  })

  test('already recorded sections are not sent again', () => {
    const after = state({
      question: q('3', 'B'),
      progress: { pending_answers: {}, flagged_question_ids: [], sections_completed: ['A'] },
    })
    expect(sectionsCompletedAfter(state({ question: q('1', 'A') }), after)).toBeNull()
  })

  test('free navigation: a section is done when all its questions are answered', () => {
    const listed = { opened: true, deadline: null, remaining_ms: null }
    const questions = [
      { ...q('1', 'A'), ...listed, answered: true },
      { ...q('2', 'A'), ...listed, answered: true },
      { ...q('3', 'B'), ...listed, answered: false },
    ]
    expect(sectionsCompletedAfter(state({}), state({ questions }))).toEqual(['A'])
  })
})
