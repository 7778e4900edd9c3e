import { describe, expect, test } from 'bun:test'
import { DEFAULT_LIMITS } from './limits.ts'
import { assembleRuns, type ChildEnd, parseMessage, TestSequence } from './protocol.ts'

const start = (i: number) => ({ t: 'start' as const, i })
const result = (i: number, actual: unknown) => ({
  t: 'result' as const,
  i,
  status: 'ok' as const,
  actual,
  ms: 1,
  out: '',
})
const end = (over: Partial<ChildEnd> = {}): ChildEnd => ({
  stopped: null,
  exitCode: 0,
  signal: null,
  stderr: '',
  endedAt: 100,
  ...over,
})

describe('parseMessage', () => {
  test('accepts the two message shapes and nothing else', () => {
    expect(parseMessage('{"t":"start","i":0}')).toEqual(start(0))
    for (const line of ['passed', '{"t":"result","i":0}', '{"t":"start","i":-1}', '[1]', ''])
      expect(parseMessage(line)).toBeNull()
  })

  test("a result nested deeper than any expected value is that test's runtime_error", () => {
    const deep = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`
    const line = (depth: number) =>
      `{"t":"result","i":0,"status":"ok","actual":${deep(depth)},"ms":1}`
    expect(parseMessage(line(32))).toEqual(result(0, JSON.parse(deep(32))))
    // What a forging candidate wrote to fail their own answer: 300,000 levels.
    for (const depth of [33, 300_000])
      expect(parseMessage(line(depth))).toEqual({
        t: 'result',
        i: 0,
        status: 'runtime_error',
        error: 'The returned value nests deeper than 32 levels',
        ms: 1,
        out: '',
      })
  })
})

describe('TestSequence', () => {
  test('only in-order messages count: a result for another test or a second result is ignored', () => {
    const seq = new TestSequence(3)
    expect(seq.push(result(0, 'early'), 0)).toBeNull()
    expect(seq.push(start(1), 0)).toBeNull()
    expect(seq.push(start(0), 5)).toBe('started')
    expect(seq.push(result(1, 'other test'), 6)).toBeNull()
    expect(seq.push(result(0, 'real'), 7)).toBe('finished')
    expect(seq.push(result(0, 'again'), 8)).toBeNull()
    expect(seq.results.get(0)?.actual).toBe('real')
    expect(seq.results.has(1)).toBe(false)
    expect(seq.push(start(3), 9)).toBeNull() // past the last test
  })
})

describe('assembleRuns', () => {
  test('always one run per input, in order', () => {
    const seq = new TestSequence(3)
    seq.push(start(0), 0)
    seq.push(result(0, [1]), 1)
    const { runs } = assembleRuns(seq, 3, end({ exitCode: 0 }), DEFAULT_LIMITS)
    expect(runs).toHaveLength(3)
    expect(runs[0]).toEqual({ status: 'ok', actual: [1], duration_ms: 1 })
    expect(runs[1]?.status).toBe('runtime_error')
  })

  test('killed at a deadline: the running test and the ones after it are time_limit_exceeded', () => {
    const seq = new TestSequence(3)
    seq.push(start(0), 10)
    const { runs } = assembleRuns(
      seq,
      3,
      end({ stopped: 'test_deadline', signal: 'SIGKILL', endedAt: 3010 }),
      DEFAULT_LIMITS,
    )
    expect(runs.map((r) => r.status)).toEqual(Array(3).fill('time_limit_exceeded'))
    expect(runs[0]?.duration_ms).toBe(3000)
    expect(runs[1]?.error).toContain('Not run')
  })

  test('a crash names its exit and the last line of stderr; a MemoryError is an MLE', () => {
    const seq = new TestSequence(2)
    seq.push(start(0), 0)
    const crash = assembleRuns(
      seq,
      2,
      end({ exitCode: 139, stderr: 'x\nSegfault\n' }),
      DEFAULT_LIMITS,
    )
    expect(crash.runs[0]).toMatchObject({
      status: 'runtime_error',
      error: 'The program crashed (exit code 139): Segfault',
    })
    const oom = assembleRuns(seq, 2, end({ exitCode: 1, stderr: 'MemoryError\n' }), DEFAULT_LIMITS)
    expect(oom.runs[0]?.status).toBe('memory_limit_exceeded')
  })

  test('output over the channel cap is a runtime_error; stdout is capped with a marker', () => {
    const seq = new TestSequence(2)
    seq.push(start(0), 0)
    seq.push({ ...result(0, 1), out: 'x'.repeat(100) }, 1)
    seq.push(start(1), 1)
    const limits = { ...DEFAULT_LIMITS, maxOutputBytes: 10 }
    const { runs, stdout } = assembleRuns(seq, 2, end({ stopped: 'output_cap' }), limits)
    expect(runs[1]).toMatchObject({ status: 'runtime_error' })
    expect(stdout).toBe('xxxxxxxxxx\n[output truncated]')
  })

  test('error messages are capped at 500 characters', () => {
    const seq = new TestSequence(1)
    seq.push(start(0), 0)
    seq.push({ ...result(0, null), status: 'runtime_error', error: 'e'.repeat(2000) }, 1)
    expect(assembleRuns(seq, 1, end(), DEFAULT_LIMITS).runs[0]?.error).toHaveLength(500)
  })
})
