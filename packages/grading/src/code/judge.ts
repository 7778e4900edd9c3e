import type { TestRun } from '../sandbox/types.ts'

/**
 * Verdicts are computed here, in the worker, from the child's returned values: the expected
 * outputs never enter the sandbox, so nothing the candidate's code prints or writes can pass a test.
 */
export type TestVerdict =
  | 'passed'
  | 'wrong_answer'
  | 'runtime_error'
  | 'time_limit_exceeded'
  | 'memory_limit_exceeded'

/**
 * Two numbers are equal when |a - b| <= FLOAT_TOLERANCE * max(1, |a|, |b|): absolute near zero,
 * relative for large values, so 0.1 + 0.2 equals 0.3 and 1e20 + 1 equals 1e20. NaN never equals.
 */
export const FLOAT_TOLERANCE = 1e-6

function numbersEqual(a: number, b: number): boolean {
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
