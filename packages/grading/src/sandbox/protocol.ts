import { MAX_JSON_DEPTH, nestsDeeperThan } from '@assess/core'
import { z } from 'zod'
import { ERROR_MAX_CHARS, type RunStatus, type SandboxLimits, type TestRun } from './types.ts'

/**
 * What a child writes on its result channel, one JSON line each: `start` before a test, `result`
 * after it. Python candidates share the process and can forge lines; that gains nothing, because
 * the expected values never enter the child, so a line is trusted only for its own shape.
 */
const Start = z.object({ t: z.literal('start'), i: z.number().int().nonnegative() })
const Result = z.object({
  t: z.literal('result'),
  i: z.number().int().nonnegative(),
  status: z.enum(['ok', 'runtime_error', 'time_limit_exceeded', 'memory_limit_exceeded']),
  actual: z.unknown().optional(),
  error: z.string().optional(),
  ms: z.number().nonnegative(),
  out: z.string().default(''),
  /**
   * The source did not compile (a syntax error): nothing of it ran, `error` says why. A forged
   * line can only fail its own author's answer.
   */
  compile: z.literal(true).optional(),
})
export const ChildMessage = z.discriminatedUnion('t', [Start, Result])
export type ChildMessage = z.infer<typeof ChildMessage>

/**
 * A line of the result channel, which the candidate's code can write to: hostile until proven
 * otherwise. Lines that are not messages are dropped; a result whose value nests deeper than any
 * expected value may (MAX_JSON_DEPTH) is that test's runtime_error, since comparing, storing or
 * sending it on would recurse that deep.
 */
export function parseMessage(line: string): ChildMessage | null {
  let parsed: ReturnType<typeof ChildMessage.safeParse>
  try {
    parsed = ChildMessage.safeParse(JSON.parse(line))
  } catch {
    return null // not JSON, or too deep even to parse
  }
  if (!parsed.success) return null
  const message = parsed.data
  if (message.t === 'result' && nestsDeeperThan(message.actual, MAX_JSON_DEPTH)) {
    const { actual: _, ...rest } = message
    return {
      ...rest,
      status: 'runtime_error',
      error: `The returned value nests deeper than ${MAX_JSON_DEPTH} levels`,
    }
  }
  return message
}

type ResultMessage = z.infer<typeof Result>

/**
 * The run's progress as the parent sees it. Only in-order messages count (start i, result i,
 * start i+1, ...), so a forged or repeated line cannot rewrite a finished test.
 */
export class TestSequence {
  readonly results = new Map<number, ResultMessage>()
  /** Parent clock (ms since spawn) when each test started. */
  readonly startedAt = new Map<number, number>()
  current: number | null = null
  private next = 0

  constructor(private readonly count: number) {}

  /** Returns what the message changed, for the parent's per-test watchdog. */
  push(m: ChildMessage, now: number): 'started' | 'finished' | null {
    if (m.t === 'start' && this.current === null && m.i === this.next && m.i < this.count) {
      this.current = m.i
      this.startedAt.set(m.i, now)
      return 'started'
    }
    if (m.t === 'result' && m.i === this.current) {
      this.results.set(m.i, m)
      this.current = null
      this.next = m.i + 1
      return 'finished'
    }
    return null
  }
}

/** How the child ended, as seen from the parent. */
export interface ChildEnd {
  /** Why the parent killed it, if it did. */
  stopped: 'test_deadline' | 'wall_deadline' | 'output_cap' | null
  exitCode: number | null
  signal: string | null
  /** A capped tail of the child's stderr, for crash messages. */
  stderr: string
  /** Parent clock (ms since spawn) when the child ended. */
  endedAt: number
}

const cap = (text: string) =>
  text.length > ERROR_MAX_CHARS ? `${text.slice(0, ERROR_MAX_CHARS - 1)}…` : text

function unfinished(end: ChildEnd, limits: SandboxLimits, running: boolean): TestRun['error'] {
  if (end.stopped === 'output_cap') return 'Stopped: the output went over the size limit'
  if (end.stopped === 'test_deadline' || end.stopped === 'wall_deadline')
    return running
      ? `Stopped: exceeded the time limit (${limits.testTimeoutMs} ms per test, ${limits.totalTimeoutMs} ms in all)`
      : 'Not run: the run was stopped at its time limit'
  const how = end.signal ? `signal ${end.signal}` : `exit code ${end.exitCode}`
  const tail = end.stderr.trim().split('\n').at(-1) ?? ''
  return running
    ? `The program crashed (${how})${tail ? `: ${tail}` : ''}`
    : `Not run: the program ended early (${how})`
}

function unfinishedStatus(end: ChildEnd, running: boolean): RunStatus {
  if (end.stopped === 'test_deadline' || end.stopped === 'wall_deadline')
    return 'time_limit_exceeded'
  if (!running || end.stopped === 'output_cap') return 'runtime_error'
  if (end.signal === 'SIGXCPU') return 'time_limit_exceeded'
  if (/MemoryError|out of memory/i.test(end.stderr)) return 'memory_limit_exceeded'
  return 'runtime_error'
}

/** One TestRun per input, in order, whatever the child did. */
export function assembleRuns(
  seq: TestSequence,
  count: number,
  end: ChildEnd,
  limits: SandboxLimits,
): { runs: TestRun[]; stdout: string; compileError: string | null } {
  const runs: TestRun[] = []
  // Every test reports the same syntax error: the code as a whole did not compile.
  const compiled = [...seq.results.values()]
  const compileError =
    count > 0 && compiled.length === count && compiled.every((r) => r.compile)
      ? cap(compiled[0]?.error ?? 'SyntaxError')
      : null
  let stdout = ''
  for (let i = 0; i < count; i++) {
    const r = seq.results.get(i)
    if (r) {
      stdout += r.out
      const run: TestRun = { status: r.status, duration_ms: Math.round(r.ms) }
      if (r.status === 'ok') run.actual = r.actual ?? null
      if (r.error !== undefined) run.error = cap(r.error)
      runs.push(run)
      continue
    }
    const running = i === seq.current
    const startedAt = seq.startedAt.get(i)
    runs.push({
      status: unfinishedStatus(end, running),
      error: cap(unfinished(end, limits, running) ?? ''),
      duration_ms: running && startedAt !== undefined ? Math.round(end.endedAt - startedAt) : 0,
    })
  }
  return { runs, stdout: capOutput(stdout, limits.maxOutputBytes), compileError }
}

function capOutput(text: string, maxBytes: number) {
  const bytes = Buffer.from(text)
  if (bytes.length <= maxBytes) return text
  // May cut a UTF-8 sequence; the decoder turns the partial character into U+FFFD.
  return `${bytes.subarray(0, maxBytes).toString()}\n[output truncated]`
}
