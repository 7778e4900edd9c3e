import type { Grade, GradeQuestion, ModelCallOutcome } from '@assess/grading'
import { gradingDuration, modelCallsTotal, sandboxRunsTotal } from '../metrics.ts'

/** `onOutcome` of the grading context's model calls: one count per request or fallback. */
export function countModelCall(outcome: ModelCallOutcome) {
  modelCallsTotal.inc({ outcome })
}

/** One answer graded, for the metrics: how long, by type and method. */
export interface GradingObservation {
  type: GradeQuestion['type']
  /** The grade's method (`exact`, `keywords+llm`, `tests`, ...), or `failed` when none was. */
  method: string
  seconds: number
}

export function observeGrading(observation: GradingObservation) {
  gradingDuration.observe(
    { type: observation.type, method: observation.method },
    observation.seconds,
  )
}

/**
 * A code answer's runs, from the grade it got: one count per test case by its verdict
 * (`passed`, `wrong_answer`, ...), or one `not_run` when the sandbox could not run the code.
 */
export function countSandboxRuns(question: GradeQuestion, grade: Grade) {
  if (question.spec.type !== 'code') return
  const { language } = question.spec
  const tests = (grade.feedback as { tests?: { verdicts?: Record<string, number> } | null }).tests
  if (!tests) {
    sandboxRunsTotal.inc({ language, verdict: 'not_run' })
    return
  }
  for (const [verdict, count] of Object.entries(tests.verdicts ?? {}))
    if (count > 0) sandboxRunsTotal.inc({ language, verdict }, count)
}

export const secondsSince = (startedMs: number) => (performance.now() - startedMs) / 1000
