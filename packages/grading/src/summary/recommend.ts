import type { Recommendation } from '../prompts/summary.ts'

const SCALE: Recommendation[] = ['no_hire', 'maybe', 'hire', 'strong_hire']

/**
 * The score-based recommendation (documented): 85% and up strong_hire, 70% hire, 50% maybe,
 * below no_hire.
 */
export function recommendationFor(percentage: number): Recommendation {
  if (percentage >= 85) return 'strong_hire'
  if (percentage >= 70) return 'hire'
  if (percentage >= 50) return 'maybe'
  return 'no_hire'
}

/**
 * A model's recommendation is kept only within one step of the score-based one; further away it
 * is clamped to the nearest step, so no text can talk a low score into a strong hire.
 */
export function clampRecommendation(suggested: Recommendation, percentage: number): Recommendation {
  const anchor = SCALE.indexOf(recommendationFor(percentage))
  const index = SCALE.indexOf(suggested)
  const clamped = Math.min(anchor + 1, Math.max(anchor - 1, index))
  return SCALE[clamped] ?? recommendationFor(percentage)
}
