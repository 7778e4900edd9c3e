import type { QuestionSpec } from '@assess/core'

/** How a score was produced: recorded on every grade so nothing pretends a model graded it. */
export type GradingMethod =
  | 'exact'
  | 'partial_credit'
  | 'keywords'
  | 'llm'
  | 'heuristic'
  | 'tests'
  | 'none'

export interface GraderInfo {
  /** Every method that contributed, e.g. `keywords+llm` or `tests`. */
  method: string
  model: string | null
  prompt_version: string | null
  latency_ms: number
}

export interface GradeQuestion {
  id: string
  type: QuestionSpec['type']
  prompt: string
  points: number
  spec: QuestionSpec
}

export interface Grade {
  /** Always within [0, points], recomputed in code whatever a model said. */
  score: number | null
  feedback: Record<string, unknown>
  grader: GraderInfo
  /** Reasons a person should look at this grade (suspected prompt injection, a fallback used...). */
  reviewReasons: string[]
}

/** Rounds to 2 decimals and clamps into [0, max]: the last word on every score. */
export function clampScore(value: number, max: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0
  return Math.round(Math.min(value, max) * 100) / 100
}
