import {
  type AnyTestCase,
  type CodeLanguage,
  type CodeSpec,
  codeSpecOf,
  isStdioTest,
  type RunCodeJobData,
  TYPED_FUNCTION_LANGUAGES,
  weightOf,
} from '@assess/core'
import { type CompileResult, DEFAULT_LIMITS, type Sandbox, type TestRun } from '../sandbox/index.ts'
import {
  argumentsInput,
  FUNCTION_PROGRAM_OUTPUT_BYTES,
  functionProgram,
  functionResultOf,
  PROGRAM_FUNCTION_LANGUAGES,
  phpValueOf,
} from './function-programs.ts'
import { programVerdictOf, type TestVerdict, verdictOf } from './judge.ts'
import { decodeResult, encodeArguments, typedFunctionProgram } from './typed-drivers.ts'

export interface TestCaseResult {
  index: number
  kind: 'sample' | 'hidden'
  /**
   * Function style: the arguments; stdio: the stdin text. Hidden tests' inputs are shown to
   * recruiters only (reports), never to candidates.
   */
  input: unknown
  /** Function style: the expected value; stdio: the expected stdout. */
  expected: unknown
  /** Function style: the returned value; stdio: what the program printed. */
  actual: unknown
  verdict: TestVerdict
  error: string | null
  duration_ms: number
  /** Its weight in the tests' score (1 unless the author set one). */
  weight: number
}

export type TestsRun =
  | {
      ok: true
      results: TestCaseResult[]
      stdout: string
      isolation: string | null
      /** Compiled (or syntax-checked) programs only; a compile_error fails every test. */
      compile: CompileResult | null
    }
  | { ok: false; reason: string }

export interface CodeToRun {
  language: CodeLanguage
  code: string
}

type Case = { kind: 'sample' | 'hidden'; test: AnyTestCase }

const casesOf = (spec: CodeSpec, which: 'samples' | 'all'): Case[] => [
  ...spec.sample_test_cases.map((test) => ({ kind: 'sample' as const, test })),
  ...(which === 'all' ? spec.test_cases.map((test) => ({ kind: 'hidden' as const, test })) : []),
]

const inputOf = (test: AnyTestCase) => (isStdioTest(test) ? test.stdin : test.input)
const expectedOf = (test: AnyTestCase) => (isStdioTest(test) ? test.expected_stdout : test.expected)

/**
 * Runs code against test cases in the sandbox and judges each one in this process: the sandbox
 * gets the inputs only, never an expected value. Function style calls the entry point with each
 * test's arguments; stdio runs the program (compiled once) on each test's stdin. Empty code
 * fails every test without a run.
 */
export async function runTestCases(
  sandbox: Sandbox | undefined,
  stored: CodeSpec,
  answer: CodeToRun,
  which: 'samples' | 'all',
  /** Someone waits for the result (a sample run, a publish): ahead of the grading backlog. */
  urgent = false,
): Promise<TestsRun> {
  const spec = codeSpecOf(stored)
  const cases = casesOf(spec, which)
  const result = (index: number, c: Case, verdict: TestVerdict, rest: Partial<TestCaseResult>) => ({
    index,
    kind: c.kind,
    input: inputOf(c.test),
    expected: expectedOf(c.test),
    actual: null,
    verdict,
    error: null,
    duration_ms: 0,
    weight: weightOf(c.test),
    ...rest,
  })
  if (!spec.languages.includes(answer.language))
    return { ok: false, reason: `this question is not answered in ${answer.language}` }
  if (answer.code.trim().length === 0) {
    const results = cases.map((c, i) =>
      result(i, c, 'runtime_error', { error: 'no code submitted' }),
    )
    return { ok: true, results, stdout: '', isolation: null, compile: null }
  }
  if (!sandbox) throw new Error('running code needs a sandbox')

  const compileFailed = (run: { isolation: string; compile: CompileResult | null }): TestsRun => ({
    ok: true,
    results: cases.map((c, i) =>
      result(i, c, 'compile_error', { error: 'The code did not compile; no test ran' }),
    ),
    stdout: '',
    isolation: run.isolation,
    compile: run.compile,
  })

  if (spec.style === 'stdio') {
    const run = await sandbox.runProgram({
      language: answer.language,
      source: answer.code,
      stdins: cases.map((c) => inputOf(c.test) as string),
      urgent,
    })
    if (!run.ok) return run
    if (run.compile?.status === 'compile_error') return compileFailed(run)
    const results = cases.map((c, i) => {
      const ran = run.runs[i]
      if (!ran) return result(i, c, 'runtime_error', { error: 'no result' })
      return result(i, c, programVerdictOf(ran, expectedOf(c.test) as string, spec.comparison), {
        actual: ran.stdout,
        error: ran.error ?? null,
        duration_ms: ran.duration_ms,
      })
    })
    return { ok: true, results, stdout: '', isolation: run.isolation, compile: run.compile }
  }

  const program = functionAsProgram(spec, answer, cases)
  if (program) {
    const run = await sandbox.runProgram({
      language: answer.language,
      source: program.source,
      extraFiles: program.extraFiles,
      stdins: program.stdins,
      limits: { maxOutputBytes: FUNCTION_PROGRAM_OUTPUT_BYTES },
      urgent,
    })
    if (!run.ok) return run
    if (run.compile?.status === 'compile_error') return compileFailed(run)
    const printed: string[] = []
    const results = cases.map((c, i) => {
      const ran = run.runs[i]
      if (!ran) return result(i, c, 'runtime_error', { error: 'no result' })
      const rest = { error: ran.error ?? null, duration_ms: ran.duration_ms }
      if (ran.status !== 'ok') {
        printed.push(ran.stdout.slice(0, DEFAULT_LIMITS.maxOutputBytes))
        if (ran.status === 'output_limit_exceeded')
          rest.error = `Wrote more than ${DEFAULT_LIMITS.maxOutputBytes} bytes of output`
        return result(i, c, ran.status, rest)
      }
      const returned = functionResultOf(ran.stdout, program.decode)
      printed.push(returned.stdout)
      if (!returned.ok) return result(i, c, returned.verdict, { ...rest, error: returned.error })
      const value =
        answer.language === 'php' ? phpValueOf(returned.value, expectedOf(c.test)) : returned.value
      // Integers declared by a signature compare exactly: no tolerance hides an off-by-one.
      const verdict = program.exact
        ? Bun.deepEquals(value, expectedOf(c.test), true)
          ? 'passed'
          : 'wrong_answer'
        : verdictOf({ status: 'ok', actual: value, duration_ms: 0 }, expectedOf(c.test))
      return result(i, c, verdict, { ...rest, actual: value })
    })
    const stdout = printed.filter((text) => text.trim()).join('\n')
    return { ok: true, results, stdout, isolation: run.isolation, compile: run.compile }
  }

  const run = await sandbox.run({
    language: answer.language,
    code: answer.code,
    entryPoint: spec.entry_point ?? '',
    inputs: cases.map((c) => inputOf(c.test) as unknown[]),
    urgent,
  })
  if (!run.ok) return run
  // A syntax error is a compile_error in every language (the child parsed, nothing ran).
  if (run.compileError)
    return compileFailed({
      isolation: run.isolation,
      compile: { status: 'compile_error', output: run.compileError, duration_ms: 0 },
    })
  const results = cases.map((c, i) => {
    const ran: TestRun = run.runs[i] ?? {
      status: 'runtime_error',
      error: 'no result',
      duration_ms: 0,
    }
    return result(i, c, verdictOf(ran, expectedOf(c.test)), {
      actual: ran.status === 'ok' ? (ran.actual ?? null) : null,
      error: ran.error ?? null,
      duration_ms: ran.duration_ms,
    })
  })
  return { ok: true, results, stdout: run.stdout, isolation: run.isolation, compile: null }
}

/**
 * The program a function-style answer is graded as (its driver, its stdins), for `which`
 * tests; null for the languages evaluated in their own child. Tests run it with tighter limits.
 */
export const functionProgramOf = (spec: CodeSpec, answer: CodeToRun, which: 'samples' | 'all') =>
  functionAsProgram(spec, answer, casesOf(spec, which))

/**
 * A function-style answer that runs as a program (Ruby and PHP with a JSON driver, the typed
 * languages with one generated from the signature), or null for the languages evaluated in
 * their own child (JavaScript, TypeScript, Python).
 */
function functionAsProgram(spec: CodeSpec, answer: CodeToRun, cases: Case[]) {
  const entryPoint = spec.entry_point ?? ''
  const args = cases.map((c) => inputOf(c.test) as unknown[])
  if (PROGRAM_FUNCTION_LANGUAGES.includes(answer.language))
    return {
      source: functionProgram(answer.language, answer.code, entryPoint),
      extraFiles: undefined,
      stdins: args.map((a) => argumentsInput(a, spec.signature)),
      decode: undefined,
      exact: false,
    }
  const signature = spec.signature
  if (!TYPED_FUNCTION_LANGUAGES.includes(answer.language) || !signature) return null
  const program = typedFunctionProgram(answer.language, answer.code, entryPoint, signature)
  return {
    source: program.source,
    extraFiles: program.extraFiles,
    stdins: args.map((a) => encodeArguments(a, signature)),
    decode: (line: string) => decodeResult(line, signature.returns),
    exact: /^(int|long)(\[\])*$/.test(signature.returns),
  }
}

/** A queued run (RunCodeJob: a sample run, a sample solution) against its stored spec. */
export function runCodeJob(sandbox: Sandbox, data: RunCodeJobData): Promise<TestsRun> {
  return runTestCases(
    sandbox,
    codeSpecOf(data.spec as Parameters<typeof codeSpecOf>[0]),
    { language: data.language, code: data.code },
    data.which,
    true,
  )
}
