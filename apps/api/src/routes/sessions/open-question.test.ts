import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
let admin: Awaited<ReturnType<typeof createStaff>>
beforeAll(async () => {
  t = await createTestApp()
  admin = await createStaff(t)
})
afterAll(() => t.close())

const S = 1000
// The sample set: an MCQ (60 s), a short answer (300 s) and a code question (900 s).
const free = { assessment: { navigation: 'free' as const, duration_minutes: 30 } }

interface Listed {
  id: string
  prompt: string
  options?: unknown
  boilerplate?: string
  answered: boolean
  opened: boolean
  deadline: string | null
  remaining_ms: number | null
}
const listed = (body: { questions: Listed[] }) => body.questions

const eventsOf = async (sessionId: string, type: string) =>
  t.sql`SELECT data FROM session_events WHERE session_id = ${sessionId} AND type = ${type}`

describe('free navigation: a question is served when first opened', () => {
  test('only the first question is open at the start; the timed others come without content', async () => {
    const c = await startCandidate(t, admin.actor, free)
    const [first, second, third] = listed(c.state)
    expect(first).toMatchObject({ opened: true, remaining_ms: 60 * S })
    expect(first?.prompt).not.toBe('')
    expect(first?.options).toBeDefined()
    for (const q of [second, third]) {
      expect(q).toMatchObject({ opened: false, prompt: '', deadline: null, remaining_ms: null })
      expect(q).not.toHaveProperty('options')
      expect(q).not.toHaveProperty('boilerplate')
      expect(q).not.toHaveProperty('sample_test_cases')
    }
    // The read a reload does withholds them too.
    expect(listed((await c.call('GET', '')).body)[2]?.prompt).toBe('')
  })

  test("an unopened question's own limit does not run; opening starts it, once", async () => {
    const c = await startCandidate(t, admin.actor, free)
    const second = c.detail.questions[1]
    // Past the short answer's 300 s limit counted from the start: it is still unanswered.
    t.clock.advance(400 * S)
    const before = listed((await c.call('GET', '')).body)
    expect(before[0]).toMatchObject({ answered: true }) // the MCQ, open since the start, closed
    expect(before[1]).toMatchObject({ answered: false, opened: false })

    const opened = await c.call('POST', `/questions/${second?.id}/open`)
    expect(opened.status).toBe(200)
    const view = listed(opened.body)[1]
    expect(view).toMatchObject({ opened: true, remaining_ms: 300 * S })
    expect(view?.prompt).toBe(c.detail.questions[1]?.prompt)
    expect(view?.deadline).toBe(new Date(t.clock.now().getTime() + 300 * S).toISOString())

    // Opening again later (another visit, a reload) keeps the first stamp.
    t.clock.advance(10 * S)
    const again = await c.call('POST', `/questions/${second?.id}/open`)
    expect(listed(again.body)[1]).toMatchObject({ remaining_ms: 290 * S, deadline: view?.deadline })
    const opens = await eventsOf(c.sessionId, 'question_opened')
    expect(opens.map((e) => e.data)).toEqual([{ question_id: second?.id }])

    // Its window closes 300 s (+ grace) after the opening: the draft is submitted, timed from then.
    t.clock.advance(300 * S)
    const closed = listed((await c.call('GET', '')).body)
    expect(closed[1]?.answered).toBe(true)
    const [answer] = await t.sql`SELECT time_taken_ms, time_expired FROM answers
      WHERE session_id = ${c.sessionId} AND question_id = ${second?.id ?? ''}`
    expect({ ...answer }).toEqual({ time_taken_ms: 300 * S, time_expired: true })
  })

  test('a submit is timed from the opening', async () => {
    const c = await startCandidate(t, admin.actor, free)
    const second = c.detail.questions[1]
    t.clock.advance(20 * S)
    await c.call('POST', `/questions/${second?.id}/open`)
    t.clock.advance(7 * S)
    const res = await c.call('POST', '/answers', {
      question_id: second?.id,
      answer: { text: 'A b-tree index.' },
    })
    expect(res.status).toBe(201)
    expect(res.body.answer.time_taken_ms).toBe(7 * S)
  })

  test("an unopened question's sample tests do not run (they are part of its content)", async () => {
    const c = await startCandidate(t, admin.actor, free)
    const code = c.detail.questions[2]
    const run = () =>
      c.call('POST', '/run', { question_id: code?.id, code: 'function add(a, b) { return a + b }' })
    const refused = await run()
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('question_not_opened')
    await c.call('POST', `/questions/${code?.id}/open`)
    expect((await run()).status).toBe(200)
  })

  test('a timed question is answered only once opened; the fast path and the full one agree', async () => {
    const c = await startCandidate(t, admin.actor, free)
    const second = c.detail.questions[1]
    const answer = { question_id: second?.id, answer: { text: 'Unseen.' } }
    const refused = await c.call('POST', '/answers', answer)
    expect([refused.status, refused.body.error.code]).toEqual([409, 'question_not_opened'])
    // Without a lease the full path answers (and refuses the lease first).
    const noLease = await c.call('POST', '/answers', answer, null)
    expect(noLease.body.error.code).toBe('session_locked')
    await c.call('POST', `/questions/${second?.id}/open`)
    expect((await c.call('POST', '/answers', answer)).status).toBe(201)
  })

  test('when the test runs out, every question gets its answer, opened or not', async () => {
    const c = await startCandidate(t, admin.actor, free)
    const [first, second, third] = c.detail.questions.map((q: { id: string }) => q.id) as string[]
    await c.call('PUT', '/progress', { pending_answers: { [first ?? '']: { choice_ids: ['a'] } } })
    t.clock.advance(10 * S)
    await c.call('POST', `/questions/${third}/open`)
    // 30 minutes and the grace: the session expires with question 2 never opened.
    t.clock.advance(30 * 60 * S)
    const ended = await c.call('GET', '')
    expect(ended.body.session).toMatchObject({ status: 'expired', answered_count: 3 })
    const rows = await t.sql`SELECT question_id, time_taken_ms, time_expired, max_score
      FROM answers WHERE session_id = ${c.sessionId} ORDER BY time_taken_ms`
    const byQuestion = Object.fromEntries(rows.map((r) => [r.question_id, r]))
    // Never opened: no time spent on it, and it still counts in the maximum score.
    expect(byQuestion[second ?? '']).toMatchObject({ time_taken_ms: 0, time_expired: true })
    expect(byQuestion[first ?? '']).toMatchObject({ time_taken_ms: 60 * S })
    expect(byQuestion[third ?? '']).toMatchObject({ time_taken_ms: 900 * S })
    expect(rows.map((r) => r.max_score).reduce((a, b) => a + b, 0)).toBe(
      c.detail.questions.reduce((a: number, q: { points: number }) => a + q.points, 0),
    )
  })

  test('a draft saved for a question never opened does not count (only a client skipping the page could)', async () => {
    const c = await startCandidate(t, admin.actor, free)
    const [, second, third] = c.detail.questions.map((q: { id: string }) => q.id) as string[]
    await c.call('POST', `/questions/${third}/open`)
    const drafts = {
      [second ?? '']: { text: 'Known from an earlier attempt.' },
      [third ?? '']: { language: 'javascript', code: 'function add(a, b) { return a + b }' },
    }
    expect((await c.call('PUT', '/progress', { pending_answers: drafts })).status).toBe(200)
    t.clock.advance(31 * 60 * S)
    expect((await c.call('GET', '')).body.session.status).toBe('expired')
    const rows =
      await t.sql`SELECT question_id, answer FROM answers WHERE session_id = ${c.sessionId}`
    const answerOf = (id: string | undefined) => rows.find((r) => r.question_id === id)?.answer
    expect(answerOf(second)).not.toEqual(drafts[second ?? ''])
    expect(answerOf(third)).toEqual(drafts[third ?? ''])
    const expired = await t.sql`SELECT data FROM session_events
      WHERE session_id = ${c.sessionId} AND type = 'question_expired'`
    const from = Object.fromEntries(expired.map((e) => [e.data.question_id, e.data.finalized_from]))
    expect([from[second ?? ''], from[third ?? '']]).toEqual(['empty', 'draft'])
  })

  test('two tabs opening at once stamp one moment and log one event', async () => {
    const c = await startCandidate(t, admin.actor, free)
    const third = c.detail.questions[2]
    const both = await Promise.all([
      c.call('POST', `/questions/${third?.id}/open`),
      c.call('POST', `/questions/${third?.id}/open`),
    ])
    expect(both.map((r) => r.status)).toEqual([200, 200])
    expect(new Set(both.map((r) => listed(r.body)[2]?.deadline)).size).toBe(1)
    expect(await eventsOf(c.sessionId, 'question_opened')).toHaveLength(1)
  })

  test('the lease, the question and the session are checked', async () => {
    const c = await startCandidate(t, admin.actor, free)
    const second = c.detail.questions[1]
    const noLease = await c.call('POST', `/questions/${second?.id}/open`, undefined, null)
    expect(noLease.status).toBe(409)
    expect(noLease.body.error.code).toBe('session_locked')
    const unknown = await c.call('POST', `/questions/${crypto.randomUUID()}/open`)
    expect(unknown.status).toBe(404)
    const notAnId = await c.call('POST', '/questions/nope/open')
    expect(notAnId.status).toBe(400)
    // Another candidate's session is not found, whatever question is named.
    const other = await startCandidate(t, admin.actor, free)
    const foreign = await t.request(
      'POST',
      `/api/sessions/${other.sessionId}/questions/${second?.id}/open`,
      { token: c.token, headers: { 'x-session-lease': c.lease } },
    )
    expect(foreign.status).toBe(404)
    expect(await eventsOf(other.sessionId, 'question_opened')).toHaveLength(0)
  })

  test('a paused session refuses to open anything (its clock stands still)', async () => {
    const c = await startCandidate(t, admin.actor, free)
    await t.request('POST', `/api/sessions/${c.sessionId}/pause`, {
      token: admin.token,
      body: { reason: 'Break' },
    })
    const res = await c.call('POST', `/questions/${c.detail.questions[1]?.id}/open`)
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('session_paused')
  })
})

test('sequential navigation serves questions itself: only the current one may be opened', async () => {
  const c = await startCandidate(t, admin.actor)
  const [first, second] = c.detail.questions
  const current = await c.call('POST', `/questions/${first?.id}/open`)
  expect(current.status).toBe(200)
  expect(current.body.question_remaining_ms).toBe(60 * S)
  const ahead = await c.call('POST', `/questions/${second?.id}/open`)
  expect(ahead.status).toBe(409)
  expect(ahead.body.error.code).toBe('question_not_current')
  expect(await eventsOf(c.sessionId, 'question_opened')).toHaveLength(0)
})

// Last in this file: the migration's statement rewrites every free session under way here.
test('sessions started before the rule keep their deadlines (migration 0012 and a rolling upgrade)', async () => {
  const c = await startCandidate(t, admin.actor, free)
  const start = new Date(c.state.session.started_at).getTime()
  // As the version before left it: one moment for every question, no stamps.
  await t.sql`UPDATE test_sessions SET question_served_at = '{}'::jsonb WHERE id = ${c.sessionId}`
  const deadlines = async () =>
    listed((await c.call('GET', '')).body).map((q) => q.deadline && Date.parse(q.deadline))
  const expected = [start + 60 * S, start + 300 * S, start + 900 * S]
  // Read before the migration ran (old code still starting sessions): timed from the start.
  expect(await deadlines()).toEqual(expected)
  // The migration's own statement gives each question that moment, in a form Date reads.
  const migration = await Bun.file(
    `${import.meta.dir}/../../../../../packages/db/migrations/0012_question_opened_at.sql`,
  ).text()
  await t.sql.unsafe(migration)
  const [row] = await t.sql`SELECT question_served_at FROM test_sessions WHERE id = ${c.sessionId}`
  const stamps = Object.values(row?.question_served_at ?? {}) as string[]
  expect(stamps.map((at) => Date.parse(at))).toEqual([start, start, start])
  expect(await deadlines()).toEqual(expected)
})
