import type { TestCase } from '@assess/core'
import { type GradingContext, weightsOf } from '../context.ts'
import { checkInjection } from '../injection.ts'
import { MalformedModelOutputError } from '../llm/errors.ts'
import { generateStructured } from '../llm/structured.ts'
import { CODE_REVIEW_PROMPT_VERSION, CodeReview, codeReviewPrompt } from '../prompts/code-review.ts'
import type { TestRun } from '../sandbox/index.ts'
import { clampScore, type Grade, type GradeQuestion } from '../types.ts'
import { type TestVerdict, verdictOf } from './judge.ts'

type CodeSpec = Extract<GradeQuestion['spec'], { type: 'code' }>

export interface TestCaseResult {
  index: number
  kind: 'sample' | 'hidden'
  /** Shown to recruiters only (reports); candidates never receive hidden tests. */
  input: unknown[]
  expected: unknown
  actual: unknown
  verdict: TestVerdict
  error: string | null
  duration_ms: number
}

/**
 * Runs the answer against the sample and hidden tests in the sandbox (the parent compares; the
 * child never sees an expected value), then adds a model review against the evaluation criteria.
 * Tests weigh 70% and the review 30% by default; without a model the tests carry the whole score.
 */
export async function gradeCode(
  ctx: GradingContext,
  question: GradeQuestion & { spec: CodeSpec },
  code: string,
): Promise<Grade> {
  const started = performance.now()
  const { spec, points } = question
  const cases: { kind: 'sample' | 'hidden'; test: TestCase }[] = [
    ...spec.sample_test_cases.map((test) => ({ kind: 'sample' as const, test })),
    ...spec.test_cases.map((test) => ({ kind: 'hidden' as const, test })),
  ]
  const reviewReasons: string[] = []
  let runs: TestRun[]
  let stdout = ''
  let isolation: string | null = null
  if (code.trim().length === 0) {
    runs = cases.map(() => ({
      status: 'runtime_error',
      error: 'no code submitted',
      duration_ms: 0,
    }))
  } else {
    if (!ctx.sandbox) throw new Error('a code question needs a sandbox in the grading context')
    const result = await ctx.sandbox.run({
      language: spec.language,
      code,
      entryPoint: spec.entry_point,
      inputs: cases.map((c) => c.test.input),
    })
    if (!result.ok) {
      // The code could not be run safely here: a person decides, nothing is scored as 0.
      return {
        score: null,
        feedback: { total: null, max: points, tests: null, review: null, error: result.reason },
        grader: {
          method: 'none',
          model: null,
          prompt_version: null,
          latency_ms: Math.round(performance.now() - started),
        },
        reviewReasons: [`code not run: ${result.reason}`],
      }
    }
    runs = result.runs
    stdout = result.stdout
    isolation = result.isolation
  }
  const results: TestCaseResult[] = cases.map(({ kind, test }, index) => {
    const run = runs[index] ?? { status: 'runtime_error', error: 'no result', duration_ms: 0 }
    return {
      index,
      kind,
      input: test.input,
      expected: test.expected,
      actual: run.status === 'ok' ? (run.actual ?? null) : null,
      verdict: verdictOf(run, test.expected),
      error: run.error ?? null,
      duration_ms: run.duration_ms,
    }
  })
  const passed = results.filter((r) => r.verdict === 'passed').length
  const testsShare = cases.length === 0 ? 0 : passed / cases.length

  const review = await reviewCode(ctx, question, code, passed, cases.length, reviewReasons)
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
        total: cases.length,
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
  code: string,
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
    language: question.spec.language,
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
