import { MalformedModelOutputError } from '../llm/errors.ts'
import type { Models } from '../llm/models.ts'
import type { ModelCallOptions } from '../llm/structured.ts'
import { generateStructured } from '../llm/structured.ts'
import {
  type GradedQuestionDigest,
  type Recommendation,
  SUMMARY_PROMPT_VERSION,
  SummaryOutput,
  summaryPrompt,
} from '../prompts/summary.ts'
import { clampRecommendation, recommendationFor } from './recommend.ts'
import { rulesSummary } from './rules.ts'

export interface SessionSummary {
  summary: string
  strengths: string[]
  improvements: string[]
  recommendation: Recommendation
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

/**
 * Totals over the answers that have a score. One without (code that could not be run, a grade
 * that failed) is left out of both sides rather than counted as 0, and the summary says a person
 * must review it: nothing is silently zeroed.
 */
export function totalsOf(questions: GradedQuestionDigest[]) {
  const scored = questions.filter((q) => q.score !== null)
  const finalScore = round2(scored.reduce((sum, q) => sum + (q.score ?? 0), 0))
  const maxScore = round2(scored.reduce((sum, q) => sum + q.max_score, 0))
  const percentage = maxScore > 0 ? round2((finalScore / maxScore) * 100) : 0
  return { finalScore, maxScore, percentage }
}

/** Totals, then the summary: by the summary model when there is one, else by documented rules. */
export async function summarizeSession(
  ctx: { models: Models; call?: ModelCallOptions; fallbackReason?: string | undefined },
  input: SummaryInput,
): Promise<{ totals: ReturnType<typeof totalsOf>; summary: SessionSummary }> {
  const totals = totalsOf(input.questions)
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
          recommendation: clampRecommendation(result.output.recommendation, totals.percentage),
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
  const rules = rulesSummary(input.questions, totals)
  return {
    totals,
    summary: {
      ...rules,
      recommendation: recommendationFor(totals.percentage),
      method: 'rules',
      model: null,
      prompt_version: 'rules/2026-11-24.1',
      pending_review: pendingReview,
      ...(fallbackReason ? { fallback_reason: fallbackReason } : {}),
    },
  }
}

function round2(n: number) {
  return Math.round(n * 100) / 100
}
