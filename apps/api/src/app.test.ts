import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createPublishedAssessment, createStaff } from './test/factories.ts'
import { createTestApp, type TestApp } from './test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('requests', () => {
  test('every response carries a request id, and a caller-supplied one is kept', async () => {
    const generated = await t.request('GET', '/healthz')
    expect(generated.headers.get('x-request-id')).toBeString()
    const supplied = await t.request('GET', '/api/nope', {
      headers: { 'x-request-id': 'trace-123' },
    })
    expect(supplied.headers.get('x-request-id')).toBe('trace-123')
    expect(supplied.body.error.request_id).toBe('trace-123')
  })
})

describe('races are settled by the database', () => {
  test('two sign-ups with one email at once: one account, one 409', async () => {
    const body = {
      organization_name: 'Race',
      name: 'R',
      email: 'race@example.test',
      password: 'long password',
    }
    const results = await Promise.all([
      t.request('POST', '/api/auth/signup', { body }),
      t.request('POST', '/api/auth/signup', { body }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    const rows = await t.sql`SELECT count(*)::int AS n FROM users WHERE email = 'race@example.test'`
    expect(rows[0]?.n).toBe(1)
  })

  test('two invitations of one candidate at once leave exactly one live link', async () => {
    const admin = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, admin.actor)
    const invite = () =>
      t.request('POST', `/api/assessments/${assessment.id}/invitations`, {
        token: admin.token,
        body: { email: 'twice@example.test' },
      })
    const results = await Promise.all([invite(), invite(), invite()])
    for (const r of results) expect([201, 409]).toContain(r.status)
    const live = await t.sql`
      SELECT count(*)::int AS n FROM invitations
      WHERE assessment_id = ${assessment.id} AND status <> 'revoked'`
    expect(live[0]?.n).toBe(1)
  })
})

describe('failures', () => {
  test('login still works while Redis is down (the rate limiter fails open)', async () => {
    const app = await createTestApp()
    const admin = await createStaff(app)
    await app.redis.quit()
    try {
      const res = await app.request('POST', '/api/auth/login', {
        body: { email: admin.user.email, password: admin.password },
      })
      expect(res.status).toBe(200)
    } finally {
      await app.close().catch(() => {})
    }
  })

  test('an outage is a 500 (or 503 on readyz) that leaks nothing internal', async () => {
    const broken = await createTestApp()
    const admin = await createStaff(broken)
    await broken.sql.end({ timeout: 1 })
    try {
      const res = await broken.request('GET', '/api/assessments', { token: admin.token })
      expect(res.status).toBe(500)
      expect(res.body.error).toMatchObject({
        code: 'internal_error',
        message: 'Something went wrong on our side',
      })
      expect(res.text).not.toMatch(/postgres|sql|stack|at\s/i)
      const ready = await broken.request('GET', '/readyz')
      expect(ready.status).toBe(503)
      expect(ready.body.checks).toEqual({ postgres: 'down', redis: 'ok' })
    } finally {
      await broken.close().catch(() => {})
    }
  })
})
