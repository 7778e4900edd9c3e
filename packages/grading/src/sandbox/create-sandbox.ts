import { availableParallelism } from 'node:os'
import { type LaunchConfig, runsUnderOwnUid } from './launch.ts'
import { PROGRAMS_NEED_BWRAP, runProgram } from './programs/run-program.ts'
import { PYTHON_NEEDS_BWRAP, runCode } from './run-code.ts'
import { prepareRuntime, readableByOthers } from './runtime-dir.ts'
import { buildSeccompFilter } from './seccomp/filter.ts'
import { createSlots } from './semaphore.ts'
import { sweepLeftovers } from './sweep.ts'
import { findPython, findTools } from './tools.ts'
import type { CodeRunRequest, Isolation, Sandbox } from './types.ts'

export interface SandboxOptions {
  /** auto: bubblewrap when a real probe run succeeds, else process (and Python is refused). */
  isolation?: 'auto' | Isolation
  /** Runs at once; the rest wait their turn (default: one per CPU core). */
  maxConcurrentRuns?: number
}

const JS_PROBE: CodeRunRequest = {
  language: 'javascript',
  code: 'function probe() { return 42 }',
  entryPoint: 'probe',
  inputs: [[]],
}
const PY_PROBE: CodeRunRequest = {
  language: 'python',
  code: 'def probe():\n    return 42\n',
  entryPoint: 'probe',
  inputs: [[]],
}

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

/**
 * Everything a launch needs except the isolation; null when prlimit is missing. Throws, with
 * the reason, when the runtime folder cannot be prepared: no run could start without it.
 */
export async function findLaunchBase(): Promise<Omit<LaunchConfig, 'isolation'> | null> {
  const tools = findTools()
  const { prlimit } = tools
  if (!prlimit) return null
  return {
    tools: { ...tools, prlimit },
    python: await findPython(),
    runtime: await prepareRuntime({ forOtherUids: runsUnderOwnUid(tools) }),
    seccompFile: null,
  }
}

/** Why Python cannot run here, or null. A run's own uid must be able to execute it. */
function pythonProblem(base: Omit<LaunchConfig, 'isolation'>, probeProblem: string | null) {
  const { python, tools } = base
  if (!python) return 'Python is not installed on this worker'
  if (runsUnderOwnUid(tools) && !readableByOthers(python.executable, true))
    return `Python runs are unavailable on this worker: ${python.executable} (or a folder above it) is closed to the runs' own uids`
  return probeProblem ? `Python runs are unavailable on this worker: ${probeProblem}` : null
}

/**
 * Finds the tools once and proves the chosen isolation works by running a probe through it.
 * An explicit 'bwrap' that fails its probe is a configuration error and throws; so is a worker
 * that cannot run JavaScript even without bubblewrap (a broken install fails at start, loudly).
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await createUnlimitedSandbox(options)
  // One turn per answer, whatever it runs: a program's compile and tests take one slot.
  // Someone waiting for the result (a sample run) goes ahead of a grading backlog.
  const inSlot = createSlots(options.maxConcurrentRuns ?? availableParallelism())
  return {
    ...sandbox,
    run: (req) => inSlot(() => sandbox.run(req), req.urgent),
    runProgram: (req) => inSlot(() => sandbox.runProgram(req), req.urgent),
  }
}

async function createUnlimitedSandbox(options: SandboxOptions): Promise<Sandbox> {
  const requested = options.isolation ?? 'auto'
  // Only root hands out run uids, so only root can tell a dead worker's leftovers apart.
  if (process.getuid?.() === 0) await sweepLeftovers()
  const base = await findLaunchBase()
  if (!base) {
    if (requested === 'bwrap') throw new Error(NO_PRLIMIT)
    const refuse = async () => ({ ok: false as const, reason: NO_PRLIMIT })
    return { isolation: 'process', run: refuse, runProgram: refuse }
  }

  let fallbackReason: string | undefined
  if (requested !== 'process') {
    // bubblewrap always runs with the seccomp filter: without it, no bwrap isolation.
    const filter = base.tools.bwrap ? await buildSeccompFilter() : null
    const config: LaunchConfig = {
      ...base,
      isolation: 'bwrap',
      seccompFile: filter && 'file' in filter ? filter.file : null,
    }
    const [jsProblem, pyProblem] = !base.tools.bwrap
      ? ['bubblewrap (bwrap) is not installed', null]
      : filter && 'problem' in filter
        ? [filter.problem, null]
        : await Promise.all([probe(config, JS_PROBE), probe(config, PY_PROBE)])
    if (!jsProblem) {
      const pythonUnavailable = pythonProblem(base, pyProblem)
      return {
        isolation: 'bwrap',
        run: (req) => runCode(config, req, pythonUnavailable),
        runProgram: (req) => runProgram(config, req),
      }
    }
    if (requested === 'bwrap') throw new Error(`bubblewrap sandbox unavailable: ${jsProblem}`)
    fallbackReason = jsProblem
  }
  const config: LaunchConfig = { ...base, isolation: 'process' }
  const jsProblem = await probe(config, JS_PROBE)
  if (jsProblem) throw new Error(`the code sandbox cannot run code on this worker: ${jsProblem}`)
  return {
    isolation: 'process',
    fallbackReason,
    run: (req) => runCode(config, req, PYTHON_NEEDS_BWRAP),
    runProgram: async () => ({ ok: false, reason: PROGRAMS_NEED_BWRAP }),
  }
}
