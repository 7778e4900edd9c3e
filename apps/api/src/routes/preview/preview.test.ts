import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

// A question as the editor holds it: never saved.
const question = {
  type: 'code',
  prompt: 'Return a + b.',
  points: 5,
  languages: ['javascript', 'python'],
  entry_point: 'add',
  sample_test_cases: [
    { input: [1, 2], expected: 3 },
    { input: [2, 2], expected: 5 },
  ],
  test_cases: [{ input: [40, 2], expected: 42 }],
}

const run = (token: string | undefined, body: unknown) =>
  t.request('POST', '/api/preview/run', { token, body })

test('the author runs the sample tests of an unsaved question, as a candidate would', async () => {
  const staff = await createStaff(t)
  const res = await run(staff.token, {
    question,
    language: 'python',
    code: 'def add(a, b):\n    print("hi")\n    return a + b\n',
  })
  expect(res.status).toBe(200)
  // The sample tests only: the hidden one never runs in a preview either.
  expect(res.body.results.map((r: { verdict: string }) => r.verdict)).toEqual([
    'passed',
    'wrong_answer',
  ])
  expect(res.body.results[1]).toMatchObject({ input: [2, 2], expected: 5, actual: 4 })

  const custom = await run(staff.token, {
    question,
    code: 'function add(a, b) { return a * b }',
    custom_input: { args: [6, 7] },
  })
  expect(custom.status).toBe(200)
  expect(custom.body.custom).toMatchObject({ output: 42, status: 'ok' })
})

test('what cannot run is a 400 naming the field; only staff may preview', async () => {
  const staff = await createStaff(t)
  const wrongLanguage = await run(staff.token, { question, language: 'ruby', code: 'x' })
  expect(wrongLanguage.status).toBe(400)
  expect(wrongLanguage.body.error.details.fields.language).toEqual(['one of javascript, python'])
  const notCode = await run(staff.token, {
    question: {
      type: 'short_answer',
      prompt: 'Why?',
      points: 1,
      reference_answer: 'Because.',
      expected_keywords: ['because'],
    },
    code: 'x',
  })
  expect(notCode.status).toBe(400)
  expect(notCode.body.error.code).toBe('not_a_code_question')
  const broken = await run(staff.token, { question: { ...question, points: -1 }, code: 'x' })
  expect(broken.status).toBe(400)
  expect(Object.keys(broken.body.error.details.fields)).toContain('question.points')

  expect((await run(undefined, { question, code: 'x' })).status).toBe(401)
  const candidate = await startCandidate(t, staff.actor)
  expect((await run(candidate.token, { question, code: 'x' })).status).toBe(403)
})

test("rate-limited per author: another author's budget is their own", async () => {
  const [one, two] = [await createStaff(t), await createStaff(t)]
  const body = { question, code: 'function add(a, b) { return a + b }' }
  for (let i = 0; i < 3; i++) expect((await run(one.token, body)).status).toBe(200)
  const limited = await run(one.token, body)
  expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited'])
  expect((await run(two.token, body)).status).toBe(200)
})
