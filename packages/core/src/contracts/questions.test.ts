import { describe, expect, test } from 'bun:test'
import { codeSpecOf } from './code-questions.ts'
import { CodeQuestionInput, McqQuestionInput } from './questions.ts'

const code = { type: 'code', prompt: 'p', points: 1, test_cases: [{ input: [1], expected: 1 }] }
const accepts = (language: string, entry_point: string, boilerplate: string) =>
  CodeQuestionInput.safeParse({ ...code, language, entry_point, boilerplate }).success

describe('code questions must really define their entry point', () => {
  test('definitions in each language pass', () => {
    expect(accepts('javascript', 'add', 'function add(a, b) {}')).toBe(true)
    expect(accepts('typescript', 'add', 'function add(a: number): number {}')).toBe(true)
    expect(accepts('typescript', 'add', 'const add = (a: number) => a')).toBe(true)
    expect(accepts('typescript', 'add', 'const add: (a: number) => number = (a) => a')).toBe(true)
    expect(accepts('python', 'add', 'def add(a, b):\n    pass')).toBe(true)
  })

  test('a mention, a call or a reserved word does not', () => {
    expect(accepts('python', 'add', '# implement add here')).toBe(false)
    expect(accepts('javascript', 'add', 'add(1, 2)')).toBe(false)
    expect(accepts('javascript', 'function', 'function solve(x) { return x }')).toBe(false)
    expect(accepts('python', 'return', 'def return(): pass')).toBe(false)
    expect(accepts('python', 'add', 'function add(a, b) {}')).toBe(false)
  })
})

test('option ids and correct option ids are trimmed alike', () => {
  const parsed = McqQuestionInput.safeParse({
    type: 'mcq',
    prompt: 'p',
    points: 1,
    options: [
      { id: 'a ', text: 'A' },
      { id: 'b', text: 'B' },
    ],
    correct_option_ids: ['a '],
  })
  expect(parsed.success).toBe(true)
})

describe('code questions in several languages and with stdin/stdout tests', () => {
  const stdio = {
    type: 'code',
    prompt: 'Print the sum of the two numbers on the input.',
    points: 5,
    style: 'stdio',
    test_cases: [{ stdin: '3 4\n', expected_stdout: '7\n' }],
  }
  const issues = (input: unknown) => {
    const parsed = CodeQuestionInput.safeParse(input)
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }

  test('a stdio question in several languages is stored with every language filled in', () => {
    const parsed = CodeQuestionInput.parse({
      ...stdio,
      languages: ['java', 'cpp', 'python'],
      boilerplate: { java: 'public class Main { public static void main(String[] a) {} }' },
      sample_solution: { python: 'print(sum(map(int, input().split())))' },
    })
    expect(parsed.language).toBe('java')
    expect(parsed.languages).toEqual(['java', 'cpp', 'python'])
    expect(parsed.boilerplate.java).toContain('class Main')
    // Languages without boilerplate start from the default reader of their input.
    expect(parsed.boilerplate.cpp).toContain('cin')
    expect(parsed.boilerplate.python).toContain('sys.stdin')
    expect(parsed.comparison).toBe('trim')
    expect(parsed.entry_point).toBeNull()
    expect(parsed.sample_solution).toEqual({ python: 'print(sum(map(int, input().split())))' })
  })

  test("today's single-language shape keeps working", () => {
    const parsed = CodeQuestionInput.parse({
      ...code,
      language: 'python',
      entry_point: 'add',
      boilerplate: 'def add(a):\n    pass',
      sample_solution: 'def add(a):\n    return a',
    })
    expect(parsed.languages).toEqual(['python'])
    expect(parsed.style).toBe('function')
    expect(parsed.boilerplate).toEqual({ python: 'def add(a):\n    pass' })
    expect(parsed.sample_solution).toEqual({ python: 'def add(a):\n    return a' })
  })

  test('each mistake is named where it is', () => {
    expect(issues({ ...stdio })).toEqual(['languages: choose at least one language'])
    expect(
      issues({ ...stdio, languages: ['go'], test_cases: [{ input: [1], expected: 1 }] }),
    ).toEqual(['test_cases.0: a stdio test is { stdin, expected_stdout }'])
    expect(issues({ ...code, languages: ['c'], entry_point: 'add', boilerplate: 'x' })).toContain(
      'languages.0: C questions take stdin/stdout tests for now: set style "stdio"',
    )
    // Java runs function-style tests through a driver built from the signature.
    expect(issues({ ...code, languages: ['java'], entry_point: 'add' })).toEqual([
      "signature: Java need the entry point's signature: { params: [{ name, type }], returns: type }",
    ])
    const signature = { params: [{ name: 'xs', type: 'int[]' }], returns: 'long' }
    expect(
      issues({
        ...code,
        languages: ['go'],
        entry_point: 'add',
        signature,
        test_cases: [
          { input: [[1, 2]], expected: 3 },
          { input: [[1.5]], expected: 1 },
          { input: [[1], 2], expected: 1 },
          { input: [[1]], expected: 'one' },
        ],
      }),
    ).toEqual([
      'test_cases.1.input.0: is not a int[] (xs)',
      'test_cases.2.input: takes 1 arguments, as the signature says',
      'test_cases.3.expected: is not a long, as the signature returns',
    ])
    // Untyped languages too: the signature is what candidates are shown.
    expect(
      issues({
        ...code,
        languages: ['python', 'ruby'],
        entry_point: 'add',
        signature: { params: [{ name: 'x', type: 'string' }], returns: 'bool' },
        test_cases: [{ input: [1, 2], expected: 3 }],
      }),
    ).toEqual(['test_cases.0.input: takes 1 arguments, as the signature says'])
    expect(issues({ ...stdio, languages: ['go'], boilerplate: { rust: 'fn main() {}' } })).toEqual([
      "boilerplate.rust: Rust is not one of the question's languages",
    ])
    expect(issues({ ...stdio, language: 'c', languages: ['go'] })).toEqual([
      'language: must be one of `languages`',
    ])
    expect(issues({ ...code, language: 'javascript', boilerplate: 'function f() {}' })).toEqual([
      'entry_point: a function-style question needs an entry point',
    ])
    expect(
      issues({
        ...code,
        languages: ['javascript', 'python'],
        entry_point: 'add',
        boilerplate: { javascript: 'function add() {}', python: 'def other(): pass' },
      }),
    ).toEqual(['boilerplate.python: must define the entry point "add"'])
  })

  test('a stored spec from before several languages reads in the one shape', () => {
    const spec = codeSpecOf({
      type: 'code',
      language: 'typescript',
      boilerplate: 'function add(a: number) {}',
      entry_point: 'add',
      sample_test_cases: [],
      test_cases: [{ input: [1], expected: 1 }],
      sample_solution: null,
      evaluation_criteria: null,
    })
    expect(spec).toMatchObject({
      style: 'function',
      language: 'typescript',
      languages: ['typescript'],
      boilerplate: { typescript: 'function add(a: number) {}' },
      comparison: 'trim',
    })
  })
})

test('`language` with `languages` is the first one, and a lone boilerplate text is its', () => {
  const parsed = CodeQuestionInput.parse({
    type: 'code',
    prompt: 'p',
    points: 1,
    language: 'python',
    languages: ['javascript', 'python'],
    entry_point: 'add',
    boilerplate: 'def add(a):\n    pass',
    test_cases: [{ input: [1], expected: 1 }],
  })
  expect(parsed.languages).toEqual(['python', 'javascript'])
  expect(parsed.language).toBe('python')
  expect(parsed.boilerplate.python).toBe('def add(a):\n    pass')
  expect(parsed.boilerplate.javascript).toContain('function add')
})
