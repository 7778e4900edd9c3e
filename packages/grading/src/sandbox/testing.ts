/**
 * Shared by the sandbox's test files (not exported by the package): one small problem every
 * language solves, judged by the real judge, and the cases every language must survive.
 */
import { beforeAll, expect, test } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import type { CodeLanguage } from '@assess/core'
import { type TestVerdict, verdictOf } from '../code/judge.ts'
import { createSandbox } from './create-sandbox.ts'
import type { CodeRunResult, Isolation, Sandbox, SandboxLimits, TestRun } from './types.ts'

/** solve(xs) → { sorted: xs ascending, sum }: nested values, key order and float tolerance. */
export const PROBLEM = {
  entryPoint: 'solve',
  inputs: [[[3, 1, 2]], [[0.1, 0.2]], [[]], [[-5, 10, 2.5]], [[7, 7]]],
  expected: [
    { sorted: [1, 2, 3], sum: 6 },
    { sorted: [0.1, 0.2], sum: 0.3 },
    { sorted: [], sum: 0 },
    { sorted: [-5, 2.5, 10], sum: 7.5 },
    { sorted: [7, 7], sum: 14 },
  ],
}

export function runsOf(result: CodeRunResult): TestRun[] {
  if (!result.ok) throw new Error(`run refused: ${result.reason}`)
  expect(result.runs).toHaveLength(PROBLEM.inputs.length)
  return result.runs
}

export const verdictsOf = (result: CodeRunResult): TestVerdict[] =>
  runsOf(result).map((run, i) => verdictOf(run, PROBLEM.expected[i]))

export interface SandboxHandle {
  readonly sandbox: Sandbox
  run(
    language: CodeLanguage,
    code: string,
    limits?: Partial<SandboxLimits>,
  ): Promise<CodeRunResult & { ms: number }>
}

/** One real sandbox per test file; 'bwrap' throws (the file fails) where bubblewrap is missing. */
export function useSandbox(isolation: Isolation): SandboxHandle {
  let sandbox: Sandbox | undefined
  beforeAll(async () => {
    sandbox = await createSandbox({ isolation })
  })
  const get = () => {
    if (!sandbox) throw new Error('sandbox not created')
    return sandbox
  }
  return {
    get sandbox() {
      return get()
    },
    async run(language, code, limits) {
      const started = performance.now()
      const result = await get().run({ language, code, ...PROBLEM, limits })
      return { ...result, ms: performance.now() - started }
    },
  }
}

export interface Programs {
  correct: string
  /** Right for some inputs only. */
  wrong: string
  /** Throws an error whose message contains "boom". */
  throwing: string
  syntaxError: string
  /** Parses, then raises the language's SyntaxError while running (parsing a string). */
  syntaxErrorAtRun: string
  infiniteLoop: string
  memoryHog: string
  /** Prints "passed" and fake result lines wherever it can, and returns a wrong value. */
  forger: string
}

/** The cases every language shares; the language's own file adds fork, file and network cases. */
export function sharedCases(box: SandboxHandle, language: CodeLanguage, p: Programs) {
  test('a correct solution passes every test', async () => {
    const result = await box.run(language, p.correct)
    expect(verdictsOf(result)).toEqual(Array(PROBLEM.inputs.length).fill('passed'))
  })

  test('a wrong answer is wrong_answer exactly where the output differs', async () => {
    const result = await box.run(language, p.wrong)
    expect(verdictsOf(result)).toEqual(['passed', 'passed', 'passed', 'wrong_answer', 'passed'])
  })

  test('throwing code is a runtime_error carrying its message', async () => {
    for (const run of runsOf(await box.run(language, p.throwing))) {
      expect(run.status).toBe('runtime_error')
      expect(run.error).toContain('boom')
    }
  })

  test("a syntax error is the code's compile error: the run says so, no test ran", async () => {
    const result = await box.run(language, p.syntaxError)
    expect(result.ok && result.compileError).toMatch(/SyntaxError.*\(line \d+\)/)
    for (const run of runsOf(result)) {
      expect(run.status).toBe('runtime_error')
      expect(run.error).toMatch(/SyntaxError/)
    }
  })

  test('a SyntaxError raised while running is a runtime_error, not a compile error', async () => {
    const result = await box.run(language, p.syntaxErrorAtRun)
    expect(result.ok && result.compileError).toBeFalsy()
    for (const run of runsOf(result)) {
      expect(run.status).toBe('runtime_error')
      expect(run.error).toMatch(/SyntaxError/)
    }
  })

  test('an infinite loop is time_limit_exceeded and the run ends near the deadline', async () => {
    const result = await box.run(language, p.infiniteLoop, { testTimeoutMs: 300 })
    for (const run of runsOf(result)) {
      expect(run.status).toBe('time_limit_exceeded')
      expect(run.duration_ms).toBeGreaterThanOrEqual(290)
      expect(run.duration_ms).toBeLessThan(1000)
    }
    // Five tests of 300 ms plus one process start (slow on a busy machine); the 15 s wall clock
    // would be the end if each test were not stopped at its own limit.
    expect(result.ms).toBeLessThan(8000)
  })

  test('a memory hog is memory_limit_exceeded, quickly', async () => {
    const result = await box.run(language, p.memoryHog, { memoryMb: 64 })
    for (const run of runsOf(result)) expect(run.status).toBe('memory_limit_exceeded')
    expect(result.ms).toBeLessThan(10_000)
  })

  test('printing "passed" or writing fake results passes nothing', async () => {
    const result = await box.run(language, p.forger)
    expect(verdictsOf(result)).not.toContain('passed')
  })
}

/** The last test of every language file: the hostile runs left nothing behind. */
export function healthyAfterwards(box: SandboxHandle, language: CodeLanguage, correct: string) {
  test('after the hostile runs, nothing is left running and a normal run still works', async () => {
    expect(await eventually(() => liveSandboxProcesses().length === 0)).toBe(true)
    const result = await box.run(language, correct)
    expect(verdictsOf(result)).toEqual(Array(PROBLEM.inputs.length).fill('passed'))
    // Alone it takes 60-150 ms; a leftover hog sharing the cores would show here.
    expect(result.ms).toBeLessThan(5000)
  })
}

/**
 * Re-checks a condition that, once true, stays true (a process gone, a child started); the
 * deadline only bounds a failure, so it is generous for a busy machine.
 */
export async function eventually(check: () => boolean, ms = 30_000) {
  for (const end = Date.now() + ms; Date.now() < end && !check(); ) await Bun.sleep(20)
  return check()
}

const pids = () =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)

/** The parent of `pid`, from /proc (undefined once it is gone). */
export function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** Every process below `pid`, from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map(pids().map((p) => [p, parentOf(p)]))
  const found: number[] = []
  const walk = (p: number) => {
    for (const [child, parent] of parents)
      if (parent === p) {
        found.push(child)
        walk(child)
      }
  }
  walk(pid)
  return found
}

export const alive = (pid: number) => {
  try {
    return !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

/** Live processes whose real uid is `uid`. */
export const processesOfUid = (uid: number) =>
  pids().filter((pid) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      return /^Uid:\s+(\d+)/m.exec(status)?.[1] === String(uid) && alive(pid)
    } catch {
      return false
    }
  })

const cmdlineOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
  } catch {
    return []
  }
}

const RUNTIME_FILES = /py-harness\.py|js-runner\.ts/

/** Any process of a run: prlimit/setpriv/bwrap carry the runtime script in their argv too. */
export const isSandboxProcess = (pid: number) => RUNTIME_FILES.test(cmdlineOf(pid).join(' '))

/** The interpreter itself (Python or Bun) running the harness: candidate code is live. */
export function isCandidateProcess(pid: number) {
  const [exe = '', ...args] = cmdlineOf(pid)
  return /python|bun/.test(exe) && args.some((arg) => RUNTIME_FILES.test(arg))
}

/** Live (not zombie) sandbox processes anywhere on the machine: none may outlive its run. */
export function liveSandboxProcesses(): number[] {
  return pids().filter((pid) => isSandboxProcess(pid) && alive(pid))
}
