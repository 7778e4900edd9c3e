import { describe, expect, test } from 'bun:test'
import { gradeMcq } from './mcq.ts'

const options = ['a', 'b', 'c', 'd'].map((id) => ({ id, text: `option ${id}` }))
const single = { type: 'mcq' as const, options, correct_option_ids: ['b'] }
const multi = { type: 'mcq' as const, options, correct_option_ids: ['a', 'b', 'c'] }

describe('MCQ', () => {
  test.each([
    [['b'], 4],
    [['a'], 0],
    [[], 0],
    [['b', 'a'], 0], // a single-answer question takes exactly the right option
  ])('single answer %p → %p of 4 points', (choices, expected) => {
    const grade = gradeMcq(single, 4, choices)
    expect(grade.score).toBe(expected)
    expect(grade.grader.method).toBe('exact')
  })

  // (selected correct − selected wrong) / correct count, floored at 0, times the points.
  test.each([
    [['a', 'b', 'c'], 6],
    [['a', 'b'], 4],
    [['a'], 2],
    [['a', 'b', 'c', 'd'], 4],
    [['a', 'd'], 0],
    [['d'], 0],
    [[], 0],
  ])('partial credit %p → %p of 6 points', (choices, expected) => {
    const grade = gradeMcq(multi, 6, choices)
    expect(grade.score).toBe(expected)
    expect(grade.grader).toMatchObject({ method: 'partial_credit', model: null })
    expect(grade.reviewReasons).toEqual([])
  })

  test('fractions are rounded to cents and never leave [0, points]', () => {
    expect(gradeMcq(multi, 1, ['a']).score).toBe(0.33)
    expect(gradeMcq(multi, 5, ['a', 'b']).score).toBe(3.33)
  })
})
