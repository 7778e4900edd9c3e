import { type SessionTotals, sessionResultOf, totalsOf } from '@assess/core'
import { MalformedModelOutputError } from '../llm/errors.ts'
import type { Models } from '../llm/models.ts'
import type { ModelCallOptions } from '../llm/structured.ts'
import { generateStructured, noteFallback } from '../llm/structured.ts'
import {
  type GradedQuestionDigest,
  type Recommendation,
  SUMMARY_PROMPT_VERSION,
  SummaryOutput,
  summaryPrompt,
} from '../prompts/summary.ts'
import { rulesSummary } from './rules.ts'

export { totalsOf }

export interface SessionSummary {
  summary: string
  strengths: string[]
  improvements: string[]
  /** The scoring rule's recommendation: the score band, or the model's kept within one band. */
  recommendation: Recommendation
  /**
   * What the model recommended, before clamping (llm only): the rule is re-applied to it when
   * the totals change (an override, a save after one), so clamping never compounds.
   */
  model_recommendation?: Recommendation
  /** `llm` or `rules` (no model, or the model failed: then `fallback_reason` says why). */
  method: 'llm' | 'rules'
  model: string | null
  prompt_version: string
  /** Answers a person still has to look at (needs_review, failed): the result is provisional. */
  pending_review: number
  fallback_reason?: string
}

export interface SummaryInput {
  assessmentTitle: string
  completionMethod: string | null
  questions: GradedQuestionDigest[]
}

/** Totals, then the summary: by the summary model when there is one, else by documented rules. */
export async function summarizeSession(
  ctx: { models: Models; call?: ModelCallOptions; fallbackReason?: string | undefined },
  input: SummaryInput,
): Promise<{ totals: SessionTotals; summary: SessionSummary }> {
  // The session's scoring rule (core), the same one a human override re-applies.
  const { recommendation: scoreBand, ...totals } = sessionResultOf(input.questions)
  const pendingReview = input.questions.filter((q) => q.grading_status !== 'graded').length
  let fallbackReason = ctx.fallbackReason
  if (ctx.models.summary && !fallbackReason) {
    try {
      const { system, prompt } = summaryPrompt({ ...input, ...totals })
      const result = await generateStructured({
        model: ctx.models.summary,
        schema: SummaryOutput,
        schemaName: 'session_summary',
        system,
        prompt,
        options: ctx.call,
      })
      return {
        totals,
        summary: {
          ...result.output,
          recommendation: sessionResultOf(input.questions, result.output.recommendation)
            .recommendation,
          model_recommendation: result.output.recommendation,
          method: 'llm',
          model: result.model,
          prompt_version: SUMMARY_PROMPT_VERSION,
          pending_review: pendingReview,
        },
      }
    } catch (err) {
      if (!(err instanceof MalformedModelOutputError)) throw err
      fallbackReason = err.message
    }
  }
  noteFallback(ctx.call)
  const rules = rulesSummary(input.questions, totals)
  return {
    totals,
    summary: {
      ...rules,
      recommendation: scoreBand,
      method: 'rules',
      model: null,
      prompt_version: 'rules/2026-11-24.1',
      pending_review: pendingReview,
      ...(fallbackReason ? { fallback_reason: fallbackReason } : {}),
    },
  }
}
