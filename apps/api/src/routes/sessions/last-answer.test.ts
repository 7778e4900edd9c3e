import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const S = 1000
const answers = [
  { choice_ids: ['a', 'c'] },
  { text: 'An index speeds up lookup with a b-tree.' },
  { language: 'javascript', code: 'function add(a, b) { return a + b }' },
]

/** Submits the current question's answer (the sample set, sequential). */
async function submitCurrent(c: Awaited<ReturnType<typeof startCandidate>>, i: number) {
  const res = await c.call('POST', '/answers', {
    question_id: c.detail.questions[i]?.id,
    answer: answers[i],
  })
  expect(res.status).toBe(201)
}

test('a finished test says which answer came last, and whether the clock submitted it', async () => {
  const admin = await createStaff(t)
  const byHand = await startCandidate(t, admin.actor)
  for (const i of [0, 1, 2]) await submitCurrent(byHand, i)
  const done = await byHand.call('GET', '')
  expect(done.body.session).toMatchObject({ status: 'completed', answered_count: 3 })
  expect(done.body.last_answer).toMatchObject({ question_number: 3, by_clock: false })

  const timedOut = await startCandidate(t, admin.actor)
  await submitCurrent(timedOut, 0)
  await submitCurrent(timedOut, 1)
  // The last question's window (900 s) and its grace close: the clock submits it as it stood.
  t.clock.advance(960 * S)
  const ended = await timedOut.call('GET', '')
  expect(ended.body.session.status).toBe('completed')
  expect(ended.body.last_answer).toMatchObject({ question_number: 3, by_clock: true })
  expect(new Date(ended.body.last_answer.submitted_at).getTime()).toBeLessThanOrEqual(
    t.clock.now().getTime(),
  )

  // While the test runs there is no such field (the hot read stays as it was).
  const running = await startCandidate(t, admin.actor)
  expect((await running.call('GET', '')).body).not.toHaveProperty('last_answer')
})

test('the plain read (one prepared statement) counts the answers given so far', async () => {
  const admin = await createStaff(t)
  const c = await startCandidate(t, admin.actor, { assessment: { navigation: 'free' } })
  const [first] = c.detail.questions
  const submitted = await c.call('POST', '/answers', {
    question_id: first?.id,
    answer: answers[0], // the sample set's first question is the MCQ
  })
  expect(submitted.status).toBe(201)
  const read = await c.call('GET', '')
  expect(read.body.session.answered_count).toBe(1)
  expect(read.body.questions.map((q: { answered: boolean }) => q.answered)).toEqual([
    true,
    false,
    false,
  ])
})
