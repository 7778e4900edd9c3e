import type { Models } from './llm/models.ts'
import type { ModelCallOptions } from './llm/structured.ts'
import type { Sandbox } from './sandbox/index.ts'

/** What every evaluator may use; tests pass `ai/test` mock models or a local stub provider. */
export interface GradingContext {
  models: Models
  call?: ModelCallOptions
  /**
   * The last try after model failures: grade with the local fallbacks and say why, rather than
   * leave the answer ungraded.
   */
  fallbackReason?: string | undefined
  weights?: Partial<GradingWeights>
  /** Runs code answers; required to grade code questions. */
  sandbox?: Sandbox | undefined
}

export interface GradingWeights {
  /** Short answers: the keyword part's share; the semantic part gets the rest. */
  shortAnswerKeywords: number
  /** Code: the tests' share; the model review gets the rest (all of it without a model). */
  codeTests: number
}

export const DEFAULT_WEIGHTS: GradingWeights = { shortAnswerKeywords: 0.5, codeTests: 0.7 }

export function weightsOf(ctx: GradingContext): GradingWeights {
  return { ...DEFAULT_WEIGHTS, ...ctx.weights }
}
