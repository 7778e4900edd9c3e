import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import type { LaunchConfig } from './launch.ts'
import { resolveQuickJsFiles } from './quickjs-files.ts'
import { PYTHON_NEEDS_BWRAP, runCode } from './run-code.ts'
import { sweepLeftovers } from './sweep.ts'
import { findPython, findTools } from './tools.ts'
import type { CodeRunRequest, Isolation, Sandbox } from './types.ts'

export interface SandboxOptions {
  /** auto: bubblewrap when a real probe run succeeds, else process (and Python is refused). */
  isolation?: 'auto' | Isolation
}

const PROBES: CodeRunRequest[] = [
  {
    language: 'javascript',
    code: 'function probe() { return 42 }',
    entryPoint: 'probe',
    inputs: [[]],
  },
  { language: 'python', code: 'def probe():\n    return 42\n', entryPoint: 'probe', inputs: [[]] },
]

/** Runs a one-test submission through the exact launch path real runs use. */
async function probe(config: LaunchConfig, req: CodeRunRequest): Promise<string | null> {
  try {
    const result = await runCode(config, req, null)
    if (!result.ok) return result.reason
    const run = result.runs[0]
    if (run?.status === 'ok' && run.actual === 42) return null
    return `${req.language} probe under ${config.isolation}: ${run?.status} ${run?.error ?? ''}`
  } catch (error) {
    return `${req.language} probe under ${config.isolation} threw: ${String(error)}`
  }
}

const NO_PRLIMIT = 'prlimit (util-linux) is not installed, so no code can run on this worker'

/** Everything a launch needs except the isolation; null when prlimit is missing. */
export async function findLaunchBase(): Promise<Omit<LaunchConfig, 'isolation'> | null> {
  const tools = findTools()
  const { prlimit } = tools
  if (!prlimit) return null
  return {
    tools: { ...tools, prlimit },
    quickjs: resolveQuickJsFiles(),
    python: await findPython(),
    runtimeDir: realpathSync(join(import.meta.dir, 'runtime')),
    bun: realpathSync(process.execPath),
  }
}

/**
 * Finds the tools once and, unless told otherwise, proves bubblewrap works by running a probe
 * through it. An explicit 'bwrap' that fails the probe is a configuration error and throws.
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const requested = options.isolation ?? 'auto'
  // Only root hands out run uids, so only root can tell a dead worker's leftovers apart.
  if (process.getuid?.() === 0) await sweepLeftovers()
  const base = await findLaunchBase()
  if (!base) {
    if (requested === 'bwrap') throw new Error(NO_PRLIMIT)
    return { isolation: 'process', run: async () => ({ ok: false, reason: NO_PRLIMIT }) }
  }

  let fallbackReason: string | undefined
  if (requested !== 'process') {
    const config: LaunchConfig = { ...base, isolation: 'bwrap' }
    const [jsProblem, pyProblem] = base.tools.bwrap
      ? await Promise.all(PROBES.map((req) => probe(config, req)))
      : ['bubblewrap (bwrap) is not installed', null]
    if (!jsProblem) {
      const pythonUnavailable = !base.python
        ? 'Python is not installed on this worker'
        : pyProblem
          ? `Python runs are unavailable on this worker: ${pyProblem}`
          : null
      return {
        isolation: 'bwrap',
        run: (req) => runCode(config, req, pythonUnavailable),
      }
    }
    if (requested === 'bwrap') throw new Error(`bubblewrap sandbox unavailable: ${jsProblem}`)
    fallbackReason = jsProblem
  }
  const config: LaunchConfig = { ...base, isolation: 'process' }
  return {
    isolation: 'process',
    fallbackReason,
    run: (req) => runCode(config, req, PYTHON_NEEDS_BWRAP),
  }
}
