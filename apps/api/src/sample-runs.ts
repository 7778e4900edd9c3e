import {
  type CodeLanguage,
  type CustomInput,
  codeSpecOf,
  customRunSpec,
  type QuestionSpec,
  type SampleRunResult,
} from '@assess/core'
import { runOnWorker } from './code-runs.ts'
import type { AppDeps } from './deps.ts'

/** What a run was, for a session's timeline (never the code). */
export type SampleRunSummary =
  | { passed: number; total: number }
  | { custom_input: true; status: string }

/**
 * "Run sample tests" (or the candidate's own input) on a worker, under the deployment-wide cap
 * of runs at once: the visible tests only, so hidden tests and solutions never go into the job.
 * One implementation for the candidate's test and the author's preview.
 */
export async function runSamples(
  deps: Pick<AppDeps, 'codeRuns' | 'config' | 'runSlots'>,
  params: {
    spec: Extract<QuestionSpec, { type: 'code' }>
    language: CodeLanguage
    code: string
    custom?: CustomInput | undefined
  },
): Promise<{ result: SampleRunResult; summary: SampleRunSummary }> {
  const { spec, custom } = params
  const visible = custom ? customRunSpec(codeSpecOf(spec), custom) : { ...spec, test_cases: [] }
  const release = await deps.runSlots.acquire()
  const run = await runOnWorker(deps, {
    spec: { ...visible, sample_solution: null },
    language: params.language,
    code: params.code,
    which: 'samples',
  }).finally(release)
  const compileOutput = run.compile?.status === 'compile_error' ? run.compile.output : null
  const stdout = run.stdout.slice(0, 4000)
  if (custom) {
    const [ran] = run.results
    const verdict = ran?.verdict ?? 'runtime_error'
    // Nothing to compare with: a run that ended is simply "ok".
    const status = verdict === 'passed' || verdict === 'wrong_answer' ? 'ok' : verdict
    return {
      result: {
        results: [],
        stdout,
        compile_output: compileOutput,
        custom: {
          input: custom,
          output: ran?.actual ?? null,
          status,
          error: ran?.error ?? null,
          duration_ms: ran?.duration_ms ?? 0,
        },
      },
      summary: { custom_input: true, status },
    }
  }
  return {
    result: {
      results: run.results.map(({ kind: _, ...result }) => result),
      stdout,
      compile_output: compileOutput,
    },
    summary: {
      passed: run.results.filter((r) => r.verdict === 'passed').length,
      total: run.results.length,
    },
  }
}
