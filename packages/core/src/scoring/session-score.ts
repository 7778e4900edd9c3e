/**
 * The scoring rule of a finished session, pure: totals over the scored answers, the percentage,
 * and the hiring recommendation. The summary job and a human override both call this, so a
 * session's numbers never depend on which of them wrote them last.
 */

export type HiringRecommendation = 'strong_hire' | 'hire' | 'maybe' | 'no_hire'

const SCALE: HiringRecommendation[] = ['no_hire', 'maybe', 'hire', 'strong_hire']

/** What the rule needs of an answer: its score (null when it has none) and its maximum. */
export interface ScoredAnswer {
  score: number | null
  max_score: number
}

export interface SessionTotals {
  finalScore: number
  maxScore: number
  percentage: number
}

/**
 * Totals over the answers that have a score. One without (code that could not be run, a grade
 * that failed) is left out of both sides rather than counted as 0, and the summary says a person
 * must review it: nothing is silently zeroed.
 */
export function totalsOf(answers: readonly ScoredAnswer[]): SessionTotals {
  const scored = answers.filter((a) => a.score !== null)
  const finalScore = round2(scored.reduce((sum, a) => sum + (a.score ?? 0), 0))
  const maxScore = round2(scored.reduce((sum, a) => sum + a.max_score, 0))
  const percentage = maxScore > 0 ? round2((finalScore / maxScore) * 100) : 0
  return { finalScore, maxScore, percentage }
}

/**
 * The score-based recommendation (documented): 85% and up strong_hire, 70% hire, 50% maybe,
 * below no_hire.
 */
export function recommendationFor(percentage: number): HiringRecommendation {
  if (percentage >= 85) return 'strong_hire'
  if (percentage >= 70) return 'hire'
  if (percentage >= 50) return 'maybe'
  return 'no_hire'
}

/**
 * A model's recommendation is kept only within one step of the score-based one; further away it
 * is clamped to the nearest step, so no text can talk a low score into a strong hire.
 */
export function clampRecommendation(
  suggested: HiringRecommendation,
  percentage: number,
): HiringRecommendation {
  const anchor = SCALE.indexOf(recommendationFor(percentage))
  const index = SCALE.indexOf(suggested)
  const clamped = Math.min(anchor + 1, Math.max(anchor - 1, index))
  return SCALE[clamped] ?? recommendationFor(percentage)
}

/**
 * Totals and recommendation: the score band, or a model's suggestion kept within one band of
 * it. An override re-applies the rule to the model's own suggestion as stored in the summary
 * (see modelSuggestionOf), so a small adjustment does not silently drop the model's judgement.
 */
export function sessionResultOf(
  answers: readonly ScoredAnswer[],
  suggested?: HiringRecommendation | null,
): SessionTotals & { recommendation: HiringRecommendation } {
  const totals = totalsOf(answers)
  const recommendation = suggested
    ? clampRecommendation(suggested, totals.percentage)
    : recommendationFor(totals.percentage)
  return { ...totals, recommendation }
}

const isRecommendation = (v: unknown): v is HiringRecommendation =>
  SCALE.includes(v as HiringRecommendation)

/**
 * The model's own recommendation in a stored summary (`ai_summary`), before any clamping: what
 * the rule is re-applied to whenever the totals change, so clamping never compounds (an
 * override undone gives the recommendation back). Null when no model wrote the summary. A
 * summary stored before `model_recommendation` was kept gives its recommendation as clamped
 * when it was written (never the session's, which overrides have re-clamped since).
 */
export function modelSuggestionOf(summary: unknown): HiringRecommendation | null {
  if (typeof summary !== 'object' || summary === null) return null
  const stored = summary as {
    method?: unknown
    model_recommendation?: unknown
    recommendation?: unknown
  }
  if (stored.method !== 'llm') return null
  if (isRecommendation(stored.model_recommendation)) return stored.model_recommendation
  return isRecommendation(stored.recommendation) ? stored.recommendation : null
}

function round2(n: number) {
  return Math.round(n * 100) / 100
}
