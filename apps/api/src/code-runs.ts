import { type RunCodeJobData, UnavailableError } from '@assess/core'
import type { TestsRun } from '@assess/grading'
import { CodeRunUnavailableError } from '@assess/queues'
import type { AppDeps } from './deps.ts'

/**
 * Runs code on a worker (the `code-runs` queue) and waits for its result: the API process runs
 * no untrusted code. No worker in time, or a sandbox that cannot run it: 503, never a 500.
 */
export async function runOnWorker(
  deps: Pick<AppDeps, 'codeRuns' | 'config'>,
  data: RunCodeJobData,
): Promise<Extract<TestsRun, { ok: true }>> {
  let run: TestsRun
  try {
    // The worker's own runTestCases result, as JSON.
    run = (await deps.codeRuns.run(data, deps.config.codeRunTimeoutMs)) as TestsRun
  } catch (err) {
    if (err instanceof CodeRunUnavailableError)
      throw new UnavailableError(
        'code_runner_unavailable',
        'No code runner answered in time; try again in a moment',
      )
    throw err
  }
  if (!run.ok) throw new UnavailableError('code_runner_unavailable', run.reason)
  return run
}
