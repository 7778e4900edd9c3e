import { describe, expect, test } from 'bun:test'
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
