import { type GradingContext, weightsOf } from '../context.ts'
import { checkInjection } from '../injection.ts'
import { MalformedModelOutputError } from '../llm/errors.ts'
import { generateStructured, noteFallback } from '../llm/structured.ts'
import { CODE_REVIEW_PROMPT_VERSION, CodeReview, codeReviewPrompt } from '../prompts/code-review.ts'
import { clampScore, type Grade, type GradeQuestion } from '../types.ts'
import type { TestVerdict } from './judge.ts'
import { type CodeToRun, runTestCases, type TestCaseResult } from './run-tests.ts'

type CodeSpec = Extract<GradeQuestion['spec'], { type: 'code' }>

/**
 * Runs the answer against the sample and hidden tests in the sandbox (the parent compares; the
 * child never sees an expected value), then adds a model review against the evaluation criteria.
 * Tests weigh 70% and the review 30% by default; without a model the tests carry the whole score.
 */
export async function gradeCode(
  ctx: GradingContext,
  question: GradeQuestion & { spec: CodeSpec },
  answer: CodeToRun,
): Promise<Grade> {
  const started = performance.now()
  const { points } = question
  const { code } = answer
  const reviewReasons: string[] = []
  const run = await runTestCases(ctx.sandbox, question.spec, answer, 'all')
  if (!run.ok) {
    // The code could not be run safely here: a person decides, nothing is scored as 0.
    return {
      score: null,
      feedback: { total: null, max: points, tests: null, review: null, error: run.reason },
      grader: {
        method: 'none',
        model: null,
        prompt_version: null,
        latency_ms: Math.round(performance.now() - started),
      },
      reviewReasons: [`code not run: ${run.reason}`],
    }
  }
  const { results, stdout, isolation, compile } = run
  const passed = results.filter((r) => r.verdict === 'passed').length
  // Each test counts by its weight (1 unless the author set one).
  const totalWeight = results.reduce((sum, r) => sum + r.weight, 0)
  const passedWeight = results.reduce((sum, r) => sum + (r.verdict === 'passed' ? r.weight : 0), 0)
  const testsShare = totalWeight === 0 ? 0 : passedWeight / totalWeight

  const review = await reviewCode(ctx, question, answer, passed, results.length, reviewReasons)
  if (!review && code.trim().length > 0) noteFallback(ctx.call)
  const testsWeight = review ? weightsOf(ctx).codeTests : 1
  const testsMax = points * testsWeight
  const testsScore = clampScore(testsShare * testsMax, testsMax)
  const reviewMax = points - testsMax
  const reviewScore = review ? clampScore((review.output.score / 10) * reviewMax, reviewMax) : 0
  const score = clampScore(testsScore + reviewScore, points)
  if (ctx.fallbackReason) reviewReasons.push(ctx.fallbackReason)
  return {
    score,
    feedback: {
      total: score,
      max: points,
      tests: {
        score: testsScore,
        max: testsMax,
        passed,
        total: results.length,
        verdicts: countVerdicts(results),
        cases: results,
        isolation,
      },
      review: review
        ? { ...review.output, out_of_10: review.output.score, score: reviewScore, max: reviewMax }
        : {
            score: 0,
            max: 0,
            method: 'none',
            summary: 'No model review: the tests carry the score.',
          },
      stdout: stdout.slice(0, 4000),
      language: answer.language,
      ...(compile?.status === 'compile_error' ? { compile_output: compile.output } : {}),
      ...(review?.injection ? { injection_suspected: review.injection } : {}),
    },
    grader: {
      method: review ? 'tests+llm' : 'tests',
      model: review?.model ?? null,
      prompt_version: review ? CODE_REVIEW_PROMPT_VERSION : null,
      latency_ms: Math.round(performance.now() - started),
    },
    reviewReasons,
  }
}

async function reviewCode(
  ctx: GradingContext,
  question: GradeQuestion & { spec: CodeSpec },
  { code, language }: CodeToRun,
  passed: number,
  total: number,
  reviewReasons: string[],
) {
  const injection = checkInjection(code)
  for (const reason of injection.reasons)
    reviewReasons.push(`suspected prompt injection: ${reason}`)
  const model = ctx.models.codeReview
  if (!model || ctx.fallbackReason || code.trim().length === 0) return null
  const { system, prompt } = codeReviewPrompt({
    question: question.prompt,
    language,
    criteria: question.spec.evaluation_criteria,
    code: injection.sanitized,
    testsPassed: passed,
    testsTotal: total,
  })
  try {
    const result = await generateStructured({
      model,
      schema: CodeReview,
      schemaName: 'code_review',
      system,
      prompt,
      options: ctx.call,
    })
    return { ...result, injection: injection.suspected ? injection.reasons : null }
  } catch (err) {
    if (!(err instanceof MalformedModelOutputError)) throw err
    reviewReasons.push(`${err.message}; scored by the tests alone`)
    return null
  }
}

function countVerdicts(results: TestCaseResult[]): Partial<Record<TestVerdict, number>> {
  const counts: Partial<Record<TestVerdict, number>> = {}
  for (const r of results) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1
  return counts
}
