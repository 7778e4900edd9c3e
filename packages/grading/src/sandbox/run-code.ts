import type { CodeLanguage } from '@assess/core'
import { runChild } from './child.ts'
import { type LaunchConfig, prepareLaunch } from './launch.ts'
import { MAX_RESULT_BYTES, resolveLimits } from './limits.ts'
import { assembleRuns } from './protocol.ts'
import type { CodeRunRequest, CodeRunResult } from './types.ts'

/** The languages this child-per-answer runner evaluates (the rest run as programs). */
const IN_CHILD_LANGUAGES: readonly CodeLanguage[] = ['javascript', 'typescript', 'python']

const JS_IDENTIFIER = /^[A-Za-z_$][\w$]*$/
const PY_IDENTIFIER = /^[A-Za-z_]\w*$/

/** Per test: the result line (value up to MAX_RESULT_BYTES, JSON-escaped) plus the start line. */
const channelCap = (tests: number, maxOutputBytes: number) =>
  tests * (2 * MAX_RESULT_BYTES + 4096) + 2 * maxOutputBytes

export const PYTHON_NEEDS_BWRAP =
  'Python runs need the OS sandbox (bubblewrap), which is not available on this worker'

/** Problems of the request itself (the question's, not the candidate's): no child is started. */
function rejectRequest(req: CodeRunRequest): string | null {
  if (!IN_CHILD_LANGUAGES.includes(req.language))
    return `function-style runs here take JavaScript, TypeScript or Python, not ${req.language}`
  const identifier = req.language === 'python' ? PY_IDENTIFIER : JS_IDENTIFIER
  if (!identifier.test(req.entryPoint)) return `entryPoint "${req.entryPoint}" is not an identifier`
  if (!Array.isArray(req.inputs) || !req.inputs.every(Array.isArray))
    return 'inputs must be one array of arguments per test'
  return null
}

export async function runCode(
  config: LaunchConfig,
  req: CodeRunRequest,
  pythonUnavailable: string | null,
): Promise<CodeRunResult> {
  const rejected = rejectRequest(req)
  if (rejected) return { ok: false, reason: rejected }
  if (req.language === 'python' && pythonUnavailable)
    return { ok: false, reason: pythonUnavailable }
  let limits: ReturnType<typeof resolveLimits>
  try {
    limits = resolveLimits(req.limits)
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
  if (req.inputs.length === 0)
    return { ok: true, runs: [], stdout: '', isolation: config.isolation }

  const kind = req.language === 'python' ? 'python' : 'bun'
  const job = {
    language: req.language,
    code: req.code,
    entryPoint: req.entryPoint,
    inputs: req.inputs,
    limits: {
      testTimeoutMs: limits.testTimeoutMs,
      memoryMb: limits.memoryMb,
      maxOutputBytes: limits.maxOutputBytes,
    },
    maxResultBytes: MAX_RESULT_BYTES,
    ...(kind === 'bun'
      ? { quickjs: config.runtime.quickjs }
      : { reapStrays: config.isolation === 'bwrap' }),
  }
  const launch = await prepareLaunch(config, kind, limits)
  try {
    const { seq, end } = await runChild({
      argv: launch.argv,
      cwd: launch.cwd,
      input: JSON.stringify(job),
      count: req.inputs.length,
      limits,
      channelCap: channelCap(req.inputs.length, limits.maxOutputBytes),
      extraFds: launch.extraFds,
    })
    // Nothing of the candidate's has run before the first test starts: dying earlier is the
    // worker's problem (a broken install), and must not be graded as the candidate's failure.
    if (seq.startedAt.size === 0 && end.stopped === null) {
      const tail = end.stderr.trim().split('\n').slice(-3).join(' | ')
      return { ok: false, reason: `The sandbox child failed before running any test: ${tail}` }
    }
    const { runs, stdout, compileError } = assembleRuns(seq, req.inputs.length, end, limits)
    return {
      ok: true,
      runs,
      stdout,
      isolation: config.isolation,
      ...(compileError ? { compileError } : {}),
    }
  } finally {
    await launch.cleanup()
  }
}
