import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Hono } from 'hono'
import type { AppEnv } from './deps.ts'
import { handleError } from './errors.ts'
import { createLogger } from './logger.ts'
import { createStaff, sampleQuestions, startCandidate } from './test/factories.ts'
import { createTestApp, type TestApp } from './test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/** JSON text nested `depth` levels deep, built without recursion: `[[[…1…]]]`. */
const nestedArray = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`

describe('input nested deeper than anything real is a 400 naming the field, never a 500', () => {
  test("100,000 levels in a code question's test case", async () => {
    const staff = await createStaff(t)
    const [, , code] = sampleQuestions()
    const question = JSON.stringify({ ...code, test_cases: [{ input: ['HOLE'], expected: 1 }] })
    const body = JSON.stringify({ title: 'Deep', questions: [JSON.parse(question)] }).replace(
      '"HOLE"',
      nestedArray(100_000),
    )
    const res = await t.request('POST', '/api/assessments', {
      token: staff.token,
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.details.fields).toEqual({
      'questions.0.test_cases.0.input.0': ['nested deeper than 32 levels'],
    })
  })

  test('32 levels are still fine', async () => {
    const staff = await createStaff(t)
    const [, , code] = sampleQuestions()
    const deep = JSON.parse(nestedArray(31)) // 31 arrays inside the input array: 32 levels
    const res = await t.request('POST', '/api/assessments', {
      token: staff.token,
      body: {
        title: 'Deep enough',
        questions: [{ ...code, test_cases: [{ input: [deep], expected: 1 }] }],
      },
    })
    expect(res.status).toBe(201)
  })

  test("20,000 levels in an integrity event's data", async () => {
    const staff = await createStaff(t)
    const c = await startCandidate(t, staff.actor)
    const res = await t.request('POST', `/api/sessions/${c.sessionId}/events`, {
      token: c.token,
      headers: { 'x-session-lease': c.lease, 'content-type': 'application/json' },
      rawBody: `{"events":[{"type":"paste","data":${nestedObject(20_000)}}]}`,
    })
    expect(res.status).toBe(400)
    expect(Object.keys(res.body.error.details.fields)).toEqual(['events.0.data'])
    const stored = await t.sql`SELECT count(*)::int AS n FROM session_events
      WHERE session_id = ${c.sessionId} AND type = 'paste'`
    expect(stored[0]?.n).toBe(0)
  })

  test('a RangeError that reaches the error handler is a 400, not a 500', async () => {
    const app = new Hono<AppEnv>()
    app.use(async (c, next) => {
      c.set('requestId', 'r-1')
      c.set('logger', createLogger('silent'))
      await next()
    })
    app.post('/deep', async (c) => {
      JSON.stringify(JSON.parse(nestedArray(1_000_000))) // overflows the stack
      return c.text('unreachable')
    })
    app.onError(handleError)
    const res = await app.request('/deep', { method: 'POST' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input')
  })
})
