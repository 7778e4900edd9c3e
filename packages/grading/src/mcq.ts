import type { Grade, GradeQuestion } from './types.ts'
import { clampScore } from './types.ts'

type McqSpec = Extract<GradeQuestion['spec'], { type: 'mcq' }>

/**
 * Multiple choice, instant and exact.
 * - One correct option: full points for exactly that option, otherwise 0.
 * - Several correct options (partial credit): (selected correct − selected wrong) / number correct,
 *   floored at 0, times the points. Selecting everything therefore earns nothing.
 */
export function gradeMcq(spec: McqSpec, points: number, choiceIds: readonly string[]): Grade {
  const started = performance.now()
  const correct = new Set(spec.correct_option_ids)
  const chosen = new Set(choiceIds)
  const selectedCorrect = [...chosen].filter((id) => correct.has(id)).length
  const selectedWrong = chosen.size - selectedCorrect
  const single = correct.size === 1
  const fraction = single
    ? selectedCorrect === 1 && selectedWrong === 0
      ? 1
      : 0
    : Math.max(0, selectedCorrect - selectedWrong) / correct.size
  const score = clampScore(fraction * points, points)
  return {
    score,
    feedback: {
      total: score,
      max: points,
      rule: single ? 'single_answer' : 'partial_credit',
      selected: [...chosen],
      correct_option_ids: [...correct],
      selected_correct: selectedCorrect,
      selected_wrong: selectedWrong,
    },
    grader: {
      method: single ? 'exact' : 'partial_credit',
      model: null,
      prompt_version: null,
      latency_ms: Math.round(performance.now() - started),
    },
    reviewReasons: [],
  }
}
