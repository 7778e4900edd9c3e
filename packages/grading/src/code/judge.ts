import type { TestVerdict } from '@assess/core'
import type { ProgramTestRun } from '../sandbox/programs/run-program.ts'
import type { TestRun } from '../sandbox/types.ts'

/**
 * Verdicts are computed here, in the worker, from the child's returned values: the expected
 * outputs never enter the sandbox, so nothing the candidate's code prints or writes can pass a test.
 */
export type { TestVerdict }

/**
 * Two numbers are equal when |a - b| <= FLOAT_TOLERANCE * max(1, |a|, |b|): absolute near zero,
 * relative for large values, so 0.1 + 0.2 equals 0.3 and 1e20 + 1 equals 1e20. NaN never equals.
 */
export const FLOAT_TOLERANCE = 1e-6

export function numbersEqual(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return false
  if (a === b) return true
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false
  return Math.abs(a - b) <= FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b))
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Deep equality of JSON values: arrays in order, object keys in any order, numbers with tolerance. */
export function valuesEqual(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number')
    return numbersEqual(actual, expected)
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => valuesEqual(actual[i], item))
    )
  if (isObject(expected)) {
    if (!isObject(actual)) return false
    const keys = Object.keys(expected)
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((key) => Object.hasOwn(actual, key) && valuesEqual(actual[key], expected[key]))
    )
  }
  return actual === expected
}

export function verdictOf(run: TestRun, expected: unknown): TestVerdict {
  if (run.status !== 'ok') return run.status
  return valuesEqual(run.actual ?? null, expected) ? 'passed' : 'wrong_answer'
}

/**
 * How a stdio test's output is compared with the expected one: `trim` (the default) ignores
 * line endings, trailing spaces and trailing blank lines; `exact` compares every byte;
 * `tokens` compares whitespace-separated words: integers exactly, real numbers (a point or an
 * exponent) within FLOAT_TOLERANCE.
 */
export type OutputComparison = 'trim' | 'exact' | 'tokens'

const trimmedLines = (text: string) => {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines.join('\n')
}

const INTEGER = /^[+-]?\d+$/
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Integers exactly (any size); real numbers within the tolerance; anything else as words. */
function tokenEqual(actual: string, expected: string): boolean {
  if (actual === expected) return true
  if (INTEGER.test(actual) && INTEGER.test(expected)) return BigInt(actual) === BigInt(expected)
  if (!NUMBER.test(actual) || !NUMBER.test(expected)) return false
  const [a, e] = [Number(actual), Number(expected)]
  return Number.isFinite(a) && Number.isFinite(e) && numbersEqual(a, e)
}

function tokensEqual(actual: string, expected: string): boolean {
  const a = actual.split(/\s+/).filter(Boolean)
  const e = expected.split(/\s+/).filter(Boolean)
  return a.length === e.length && e.every((token, i) => tokenEqual(a[i] ?? '', token))
}

export function outputsEqual(actual: string, expected: string, comparison: OutputComparison) {
  if (comparison === 'exact') return actual === expected
  if (comparison === 'tokens') return tokensEqual(actual, expected)
  return trimmedLines(actual) === trimmedLines(expected)
}

export function programVerdictOf(
  run: ProgramTestRun,
  expectedStdout: string,
  comparison: OutputComparison,
): TestVerdict {
  if (run.status !== 'ok') return run.status
  return outputsEqual(run.stdout, expectedStdout, comparison) ? 'passed' : 'wrong_answer'
}
