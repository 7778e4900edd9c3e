import { describe, expect, test } from 'bun:test'
import {
  clampRecommendation,
  modelSuggestionOf,
  recommendationFor,
  sessionResultOf,
  totalsOf,
} from './session-score.ts'

describe('the session scoring rule', () => {
  test('totals leave unscored answers out of both sides, rounded to 2 decimals', () => {
    expect(
      totalsOf([
        { score: 2, max_score: 2 },
        { score: 1.5, max_score: 4 },
        { score: null, max_score: 4 },
      ]),
    ).toEqual({ finalScore: 3.5, maxScore: 6, percentage: 58.33 })
    expect(totalsOf([])).toEqual({ finalScore: 0, maxScore: 0, percentage: 0 })
  })

  test('the recommendation is the score band, or a suggestion kept within one band of it', () => {
    const answers = [{ score: 6.5, max_score: 10 }] // 65%: "maybe"
    expect(sessionResultOf(answers)).toEqual({
      finalScore: 6.5,
      maxScore: 10,
      percentage: 65,
      recommendation: 'maybe',
    })
    expect(sessionResultOf(answers, 'strong_hire').recommendation).toBe('hire')
    expect(sessionResultOf(answers, 'no_hire').recommendation).toBe('no_hire')
    expect(sessionResultOf(answers, null).recommendation).toBe(recommendationFor(65))
    expect(clampRecommendation('hire', 35)).toBe('maybe')
  })

  test("the model's suggestion is read from a stored summary unclamped, so clamping never compounds", () => {
    const llm = { method: 'llm', recommendation: 'hire', model_recommendation: 'strong_hire' }
    expect(modelSuggestionOf(llm)).toBe('strong_hire')
    // Stored before the model's own was kept: the summary's, as clamped when it was written.
    expect(modelSuggestionOf({ method: 'llm', recommendation: 'hire' })).toBe('hire')
    for (const none of [{ method: 'rules', recommendation: 'maybe' }, { error: 'x' }, null, 'text'])
      expect(modelSuggestionOf(none)).toBeNull()
    // 60% → 30% → 60%: back where it was, which re-clamping the clamped value would not give.
    const answers = (score: number) => [{ score, max_score: 10 }]
    const suggested = modelSuggestionOf(llm)
    expect(sessionResultOf(answers(3), suggested).recommendation).toBe('maybe')
    expect(sessionResultOf(answers(6), suggested).recommendation).toBe('hire')
    expect(sessionResultOf(answers(6), 'maybe').recommendation).toBe('maybe')
  })
})
