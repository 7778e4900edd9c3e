import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { ALL_QUEUES } from '@assess/core'
import { createStaff, startCandidate } from './test/factories.ts'
import { createTestApp, type TestApp } from './test/harness.ts'

// Real Postgres and Redis on a busy machine.
setDefaultTimeout(60_000)

/** The value of one sample of the Prometheus text, found by name and (a subset of) its labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}) {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    )
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3])
  }
  return undefined
}

const scrape = (t: TestApp, headers: Record<string, string> = {}) =>
  t.request('GET', '/metrics', { headers })

describe('GET /metrics', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(() => t.close())

  test('after some traffic: request durations by route template, open sessions, queued jobs, process metrics', async () => {
    const signup = await t.request('POST', '/api/auth/signup', {
      body: {
        organization_name: 'Metrics Inc',
        name: 'Mia Metrics',
        email: 'mia@metrics.test',
        password: 'a long enough password',
      },
    })
    expect(signup.status).toBe(201)
    const staff = await createStaff(t)
    const c = await startCandidate(t, staff.actor)
    const assessmentId = c.detail.assessment.id
    for (let i = 0; i < 3; i++)
      expect(
        (await t.request('GET', `/api/assessments/${assessmentId}`, { token: staff.token })).status,
      ).toBe(200)
    expect((await t.request('GET', '/api/no/such/route')).status).toBe(404)
    const mcq = c.detail.questions.find((q: { type: string }) => q.type === 'mcq')
    const submitted = await c.call('POST', '/answers', {
      question_id: mcq?.id,
      answer: { choice_ids: ['a', 'c'] },
    })
    expect(submitted.status).toBe(201)

    const res = await scrape(t)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    const text = res.text
    const count = (labels: Record<string, string>) =>
      sample(text, 'http_request_duration_seconds_count', labels)
    expect(count({ method: 'GET', route: '/api/assessments/:id', status: '200' })).toBe(3)
    expect(count({ method: 'POST', route: '/api/auth/signup', status: '201' })).toBe(1)
    expect(
      count({ method: 'POST', route: '/api/sessions/:id/answers', status: '201' }),
    ).toBeGreaterThanOrEqual(1)
    expect(count({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1)
    // Templates only: no raw id, no unmatched path becomes a label value; the scrape is not timed.
    expect(text).not.toContain(assessmentId)
    expect(text).not.toContain('/api/no/such/route')
    expect(text).not.toContain('route="/metrics"')
    expect(sample(text, 'assess_sessions_active')).toBe(1)
    expect(sample(text, 'assess_queue_jobs', { queue: 'grading', state: 'waiting' })).toBe(1)
    // Every product queue is reported, even the empty ones.
    for (const queue of ALL_QUEUES)
      expect(sample(text, 'assess_queue_jobs', { queue, state: 'failed' })).toBe(0)
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeDefined()

    // Counts grow with traffic: the same route once more.
    await t.request('GET', `/api/assessments/${assessmentId}`, { token: staff.token })
    const again = (await scrape(t)).text
    expect(
      sample(again, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/assessments/:id',
        status: '200',
      }),
    ).toBe(4)
  })
})

describe('METRICS_TOKEN', () => {
  let t: TestApp
  const token = 'scrape-token-0123456789abcdef'
  beforeAll(async () => {
    t = await createTestApp({ metricsToken: token })
  })
  afterAll(() => t.close())

  test('without the bearer token, or with another, a scrape is 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0123456789abcdef' },
      { authorization: `Bearer ${token}x` },
      { authorization: `Basic ${btoa(`user:${token}`)}` },
      { authorization: token },
    ]
    for (const headers of attempts) {
      const res = await scrape(t, headers)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
      expect(res.text).not.toContain('http_request_duration_seconds')
    }
  })

  test('with it, 200 and the metrics', async () => {
    const res = await scrape(t, { authorization: `Bearer ${token}` })
    expect(res.status).toBe(200)
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram')
  })

  test('the token guards only the scrape, not the API', async () => {
    expect((await t.request('GET', '/healthz')).status).toBe(200)
  })
})

describe('a scrape while Redis cannot be reached for the queues', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({}, { queueRedisUrl: 'redis://127.0.0.1:1' })
  })
  afterAll(() => t.close())

  test('still answers with everything else, leaving the queue counts out', async () => {
    const res = await scrape(t)
    expect(res.status).toBe(200)
    expect(sample(res.text, 'assess_sessions_active')).toBe(0)
    expect(sample(res.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)
    expect(sample(res.text, 'assess_queue_jobs', { queue: 'grading' })).toBeUndefined()
  })
})
