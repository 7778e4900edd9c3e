import { expect, test } from 'bun:test'
import { cellProblem, rowsOf, textsOf } from './TestCasesTable.tsx'

const strip = (rows: ReturnType<typeof rowsOf>) => rows?.map(({ key: _, ...r }) => r)

test('the JSON becomes rows and the rows the same JSON, weights kept', () => {
  const sample = '[{"input": [[2, 7], 9], "expected": [0, 1]}]'
  const hidden = '[{"input": [[3, 3], 6], "expected": [0, 1], "weight": 2}]'
  const rows = rowsOf(sample, hidden, 'function')
  expect(strip(rows)).toEqual([
    { kind: 'sample', input: '[[2,7],9]', expected: '[0,1]', weight: '' },
    { kind: 'hidden', input: '[[3,3],6]', expected: '[0,1]', weight: '2' },
  ])
  const texts = textsOf(rows ?? [], 'function')
  expect(JSON.parse(texts.sample)).toEqual(JSON.parse(sample))
  expect(JSON.parse(texts.hidden)).toEqual(JSON.parse(hidden))
})

test('stdio tests are plain text, newlines and quotes included', () => {
  const rows = rowsOf('', '[{"stdin": "1 \\"2\\"\\n", "expected_stdout": "3\\n"}]', 'stdio')
  expect(strip(rows)).toEqual([{ kind: 'hidden', input: '1 "2"\n', expected: '3\n', weight: '' }])
  const texts = textsOf(rows ?? [], 'stdio')
  expect(texts.sample).toBe('')
  expect(JSON.parse(texts.hidden)).toEqual([{ stdin: '1 "2"\n', expected_stdout: '3\n' }])
})

test('a cell is checked as typed, and written as typed so saving reports it too', () => {
  const row = { key: 'k', kind: 'hidden' as const, input: '[1, 2', expected: '3', weight: '0' }
  expect(cellProblem(row, 'input', 'function')).toBe('not valid JSON')
  expect(cellProblem({ ...row, input: '{"a": 1}' }, 'input', 'function')).toBe(
    'a JSON array of the arguments',
  )
  expect(cellProblem(row, 'expected', 'function')).toBeNull()
  expect(cellProblem(row, 'weight', 'function')).toBe('a number above 0, at most 100')
  expect(() => JSON.parse(textsOf([row], 'function').hidden)).toThrow()
})

test('JSON that is not a list of tests has no table', () => {
  expect(rowsOf('{"input": []}', '', 'function')).toBeNull()
  expect(rowsOf('[1, 2', '', 'function')).toBeNull()
})
