import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const batch = (n: number, data: Record<string, unknown> = { length: 3 }) => ({
  events: Array.from({ length: n }, () => ({ type: 'paste', data })),
})

const storedOf = async (sessionId: string, type: string) => {
  const [row] = await t.sql`SELECT count(*)::int AS n FROM session_events
    WHERE session_id = ${sessionId} AND type = ${type}`
  return row?.n ?? 0
}

describe('integrity events are capped per session', () => {
  test('a batch that would pass the count cap is refused with 429, and the cap is logged once', async () => {
    const staff = await createStaff(t)
    const c = await startCandidate(t, staff.actor)
    await t.sql`UPDATE test_sessions SET integrity_event_count = 1990 WHERE id = ${c.sessionId}`
    expect((await c.call('POST', '/events', batch(10))).status).toBe(202)
    for (let i = 0; i < 3; i++) {
      const refused = await c.call('POST', '/events', batch(1))
      expect([refused.status, refused.body.error.code]).toEqual([429, 'event_cap_reached'])
    }
    expect(await storedOf(c.sessionId, 'paste')).toBe(10)
    expect(await storedOf(c.sessionId, 'event_cap_reached')).toBe(1)
  })

  test('so is one that would pass the byte cap', async () => {
    const staff = await createStaff(t)
    const c = await startCandidate(t, staff.actor)
    const nearlyFull = 1024 * 1024 - 100
    await t.sql`UPDATE test_sessions SET integrity_event_bytes = ${nearlyFull} WHERE id = ${c.sessionId}`
    const refused = await c.call('POST', '/events', batch(1, { text: 'x'.repeat(200) }))
    expect([refused.status, refused.body.error.code]).toEqual([429, 'event_cap_reached'])
    expect(await storedOf(c.sessionId, 'paste')).toBe(0)
    expect(await storedOf(c.sessionId, 'event_cap_reached')).toBe(1)
  })
})

describe('the events rate limit belongs to the candidate and their session', () => {
  test("another organization's candidate cannot spend a victim's budget, nor make Redis keys", async () => {
    const victim = await startCandidate(t, (await createStaff(t)).actor)
    const attacker = await startCandidate(t, (await createStaff(t)).actor)
    for (let i = 0; i < 35; i++) {
      const res = await t.request('POST', `/api/sessions/${victim.sessionId}/events`, {
        token: attacker.token,
        body: batch(1),
        headers: { 'x-session-lease': attacker.lease },
      })
      expect(res.status).toBe(404)
    }
    expect((await victim.call('POST', '/events', batch(1))).status).toBe(202)

    const unknown = crypto.randomUUID()
    const res = await t.request('POST', `/api/sessions/${unknown}/events`, {
      token: attacker.token,
      body: batch(1),
      headers: { 'x-session-lease': attacker.lease },
    })
    expect(res.status).toBe(404)
    expect(await t.redis.keys(`${t.redisPrefix}*${unknown}*`)).toEqual([])
  })

  test('past 30 batches a minute the owner gets 429 with Retry-After', async () => {
    const c = await startCandidate(t, (await createStaff(t)).actor)
    for (let i = 0; i < 30; i++)
      expect((await c.call('POST', '/events', batch(1))).status).toBe(202)
    const limited = await c.call('POST', '/events', batch(1))
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited'])
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
