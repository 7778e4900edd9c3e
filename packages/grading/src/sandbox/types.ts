import type { CodeLanguage } from '@assess/core'
import type { ProgramRunRequest, ProgramRunResult } from './programs/run-program.ts'

export type { CodeLanguage }

export interface SandboxLimits {
  /** Per test: evaluating the code plus calling the entry point. */
  testTimeoutMs: number
  /** Wall clock for the whole run (process start to last result); SIGKILL when it passes. */
  totalTimeoutMs: number
  /** QuickJS heap limit for JavaScript; the address-space limit (plus headroom) for Python. */
  memoryMb: number
  /** Captured console.log / print output, for the whole run. */
  maxOutputBytes: number
}

export interface CodeRunRequest {
  language: CodeLanguage
  code: string
  entryPoint: string
  /** One arguments array per test. */
  inputs: unknown[][]
  limits?: Partial<SandboxLimits>
  /** Someone is waiting for the result (a sample run): it goes ahead of a grading backlog. */
  urgent?: boolean
}

export type RunStatus = 'ok' | 'runtime_error' | 'time_limit_exceeded' | 'memory_limit_exceeded'

export interface TestRun {
  status: RunStatus
  /** The JSON value returned (undefined → null), when status is ok. */
  actual?: unknown
  /** A short message, at most ERROR_MAX_CHARS characters. */
  error?: string
  duration_ms: number
}

export type Isolation = 'bwrap' | 'process'

export type CodeRunResult =
  | {
      ok: true
      runs: TestRun[]
      stdout: string
      isolation: Isolation
      /** The source did not compile (a syntax error, with its message): no test ran. */
      compileError?: string
    }
  | { ok: false; reason: string }

export interface Sandbox {
  run(req: CodeRunRequest): Promise<CodeRunResult>
  /** A program (compiled once, then run per test on its stdin): programs/run-program.ts. */
  runProgram(req: ProgramRunRequest): Promise<ProgramRunResult>
  isolation: Isolation
  /** Why 'auto' fell back to 'process' (the bubblewrap probe's failure), for the worker's log. */
  fallbackReason?: string
}

export const ERROR_MAX_CHARS = 500
