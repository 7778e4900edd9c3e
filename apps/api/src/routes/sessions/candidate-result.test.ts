import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/** A candidate who finished, and the worker's summary written as the worker writes it. */
async function finished(showResults: boolean) {
  const staff = await createStaff(t)
  const c = await startCandidate(t, staff.actor, {
    assessment: { show_results_to_candidate: showResults },
  })
  expect((await c.call('PUT', '/complete')).status).toBe(200)
  const graded = async () => {
    await t.sql`UPDATE test_sessions SET evaluation_status = 'done', final_score = 7.5,
      max_score = 10, percentage = 75, evaluated_at = now() WHERE id = ${c.sessionId}`
  }
  return { c, graded }
}

describe('show_results_to_candidate', () => {
  test('on: the finished candidate sees "grading", then their score, and never an answer key', async () => {
    const { c, graded } = await finished(true)
    const during = await c.call('GET', '')
    expect(during.body.result).toEqual({ status: 'grading' })
    await graded()
    const after = await c.call('GET', '')
    expect(after.status).toBe(200)
    expect(after.body.result).toEqual({
      status: 'ready',
      score: 7.5,
      max_score: 10,
      percentage: 75,
    })
    for (const secret of [
      'correct_option_ids',
      'test_cases',
      'expected_keywords',
      'reference_answer',
    ])
      expect(after.text).not.toContain(secret)
  })

  test('off: nothing about the score, before or after grading', async () => {
    const { c, graded } = await finished(false)
    expect((await c.call('GET', '')).body).not.toHaveProperty('result')
    await graded()
    const after = await c.call('GET', '')
    expect(after.body).not.toHaveProperty('result')
    // Nowhere in the body: no score-like field, no 7.5 or 75 as a value (a text search would
    // also find "7.5" in a timestamp such as 15:52:07.582Z).
    const leaks: string[] = []
    const walk = (value: unknown, path: string) => {
      if (value === 7.5 || value === 75) leaks.push(`${path} = ${value}`)
      if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) {
          if (/score|percentage/i.test(key)) leaks.push(`${path}.${key}`)
          walk(inner, `${path}.${key}`)
        }
    }
    walk(after.body, 'body')
    expect(leaks).toEqual([])
  })

  test('an attempt in progress carries no result', async () => {
    const staff = await createStaff(t)
    const c = await startCandidate(t, staff.actor, {
      assessment: { show_results_to_candidate: true },
    })
    expect((await c.call('GET', '')).body).not.toHaveProperty('result')
  })
})
