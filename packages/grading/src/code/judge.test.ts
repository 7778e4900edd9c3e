import { describe, expect, test } from 'bun:test'
import { FLOAT_TOLERANCE, outputsEqual, programVerdictOf, valuesEqual, verdictOf } from './judge.ts'

describe('valuesEqual', () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ['same integers', 3, 3, true],
    ['different integers', 3, 4, false],
    ['0.1 + 0.2 vs 0.3', 0.1 + 0.2, 0.3, true],
    ['absolute tolerance near zero', 1e-7, 0, true],
    ['just outside the absolute tolerance', 2e-6, 0, false],
    ['relative tolerance for large numbers', 1e20 + 1e13, 1e20, true],
    ['outside the relative tolerance', 1_000_010, 1_000_000, false],
    ['NaN never equals NaN', Number.NaN, Number.NaN, false],
    ['NaN vs a number', Number.NaN, 1, false],
    ['Infinity equals itself', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, true],
    ['Infinity vs a huge number', Number.POSITIVE_INFINITY, 1e308, false],
    ['number vs numeric string', 1, '1', false],
    ['strings', 'abc', 'abc', true],
    ['strings are exact', 'abc ', 'abc', false],
    ['booleans', true, true, true],
    ['boolean vs number', true, 1, false],
    ['null vs null', null, null, true],
    ['null vs 0', null, 0, false],
    ['null vs {}', null, {}, false],
    ['arrays in order', [1, 2, 3], [1, 2, 3], true],
    ['arrays out of order', [3, 2, 1], [1, 2, 3], false],
    ['array length', [1, 2], [1, 2, 3], false],
    ['array vs object', [], {}, false],
    ['object vs array', { 0: 1 }, [1], false],
    ['object key order ignored', { b: 2, a: 1 }, { a: 1, b: 2 }, true],
    ['missing key', { a: 1 }, { a: 1, b: 2 }, false],
    ['extra key', { a: 1, b: 2 }, { a: 1 }, false],
    ['nested with tolerance', { xs: [{ v: 0.30000000000000004 }] }, { xs: [{ v: 0.3 }] }, true],
    ['nested difference', { xs: [[1, 2], [3]] }, { xs: [[1, 2], [4]] }, false],
    ['NaN nested', [Number.NaN], [Number.NaN], false],
  ]
  test.each(cases)('%s', (_name, actual, expected, equal) => {
    expect(valuesEqual(actual, expected)).toBe(equal)
  })

  test('the tolerance is the documented 1e-6', () => {
    expect(FLOAT_TOLERANCE).toBe(1e-6)
    expect(valuesEqual(1 + 1e-6, 1)).toBe(true)
    expect(valuesEqual(1 + 1.5e-6, 1)).toBe(false)
  })
})

describe('verdictOf', () => {
  test('ok with the expected value passes; with another value is a wrong answer', () => {
    expect(verdictOf({ status: 'ok', actual: [1, 2], duration_ms: 1 }, [1, 2])).toBe('passed')
    expect(verdictOf({ status: 'ok', actual: [2, 1], duration_ms: 1 }, [1, 2])).toBe('wrong_answer')
  })

  test('an ok run without a value counts as null', () => {
    expect(verdictOf({ status: 'ok', duration_ms: 1 }, null)).toBe('passed')
    expect(verdictOf({ status: 'ok', duration_ms: 1 }, 0)).toBe('wrong_answer')
  })

  test('failed runs keep their status, whatever they returned', () => {
    for (const status of ['runtime_error', 'time_limit_exceeded', 'memory_limit_exceeded'] as const)
      expect(verdictOf({ status, actual: 42, duration_ms: 1 }, 42)).toBe(status)
  })
})

describe('stdout comparison', () => {
  test('trim ignores line endings, trailing spaces and trailing blank lines, nothing else', () => {
    expect(outputsEqual('1 2  \r\n3\r\n\r\n', '1 2\n3\n', 'trim')).toBe(true)
    expect(outputsEqual('1 2\n3', '1 2\n3\n', 'trim')).toBe(true)
    expect(outputsEqual(' 1 2\n3\n', '1 2\n3\n', 'trim')).toBe(false) // leading space counts
    expect(outputsEqual('1  2\n3\n', '1 2\n3\n', 'trim')).toBe(false) // inner spaces count
    expect(outputsEqual('1 2\n\n3\n', '1 2\n3\n', 'trim')).toBe(false) // an inner blank line too
    expect(outputsEqual('', '\n', 'trim')).toBe(true)
  })

  test('exact compares every byte', () => {
    expect(outputsEqual('7\n', '7\n', 'exact')).toBe(true)
    expect(outputsEqual('7', '7\n', 'exact')).toBe(false)
    expect(outputsEqual('7\r\n', '7\n', 'exact')).toBe(false)
  })

  test('tokens compares words, and numbers within the tolerance', () => {
    expect(outputsEqual('0.30000000000000004   yes\n\n', '0.3\nyes', 'tokens')).toBe(true)
    expect(outputsEqual('1e3 2', '1000 2.0', 'tokens')).toBe(true)
    expect(outputsEqual('0.31 yes', '0.3 yes', 'tokens')).toBe(false)
    expect(outputsEqual('yes', 'Yes', 'tokens')).toBe(false)
    expect(outputsEqual('1 2 3', '1 2', 'tokens')).toBe(false)
    expect(outputsEqual('NaN', 'NaN', 'tokens')).toBe(true) // the same word
    expect(outputsEqual('0x10', '16', 'tokens')).toBe(false) // not a decimal number
    // Integers are exact, however large: no tolerance hides an off-by-one.
    expect(outputsEqual('1000001', '1000000', 'tokens')).toBe(false)
    expect(outputsEqual('1000000000001', '1000000000000', 'tokens')).toBe(false)
    expect(
      outputsEqual('123456789012345678901234567890', '123456789012345678901234567890', 'tokens'),
    ).toBe(true)
    expect(outputsEqual('+7', '7', 'tokens')).toBe(true)
    expect(outputsEqual('1e400', '2e400', 'tokens')).toBe(false) // not finite: never close
  })

  test("a program's verdict: its run status first, then the comparison", () => {
    const ok = { status: 'ok' as const, stdout: '7\n', duration_ms: 3 }
    expect(programVerdictOf(ok, '7', 'trim')).toBe('passed')
    expect(programVerdictOf(ok, '8', 'trim')).toBe('wrong_answer')
    expect(programVerdictOf({ ...ok, status: 'output_limit_exceeded' }, '7\n', 'trim')).toBe(
      'output_limit_exceeded',
    )
  })
})
