import type { TestCase } from '@assess/core'
import type { Sandbox, TestRun } from '../sandbox/index.ts'
import type { GradeQuestion } from '../types.ts'
import { type TestVerdict, verdictOf } from './judge.ts'

type CodeSpec = Extract<GradeQuestion['spec'], { type: 'code' }>

export interface TestCaseResult {
  index: number
  kind: 'sample' | 'hidden'
  /** Hidden tests' inputs are shown to recruiters only (reports), never to candidates. */
  input: unknown[]
  expected: unknown
  actual: unknown
  verdict: TestVerdict
  error: string | null
  duration_ms: number
}

export type TestsRun =
  | { ok: true; results: TestCaseResult[]; stdout: string; isolation: string | null }
  | { ok: false; reason: string }

/**
 * Runs code against test cases in the sandbox and judges each one in this process: the child
 * gets the inputs only, never an expected value. Empty code fails every test without a run.
 */
export async function runTestCases(
  sandbox: Sandbox | undefined,
  spec: CodeSpec,
  code: string,
  which: 'samples' | 'all',
): Promise<TestsRun> {
  const cases: { kind: 'sample' | 'hidden'; test: TestCase }[] = [
    ...spec.sample_test_cases.map((test) => ({ kind: 'sample' as const, test })),
    ...(which === 'all' ? spec.test_cases.map((test) => ({ kind: 'hidden' as const, test })) : []),
  ]
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
    if (!sandbox) throw new Error('running code needs a sandbox')
    const result = await sandbox.run({
      language: spec.language,
      code,
      entryPoint: spec.entry_point,
      inputs: cases.map((c) => c.test.input),
    })
    if (!result.ok) return result
    runs = result.runs
    stdout = result.stdout
    isolation = result.isolation
  }
  const results = cases.map(({ kind, test }, index): TestCaseResult => {
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
  return { ok: true, results, stdout, isolation }
}
