import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { reconcileAnswers } from '@assess/db'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

// Each submit waits out the 1 s enqueue timeout: three of them pass Bun's 5 s default on a busy machine.
setDefaultTimeout(30_000)

// The API's queue client points at a closed port: Redis is "down" for every enqueue.
let t: TestApp
let healthy: TestApp
beforeAll(async () => {
  t = await createTestApp({}, { queueRedisUrl: 'redis://127.0.0.1:1' })
  healthy = await createTestApp()
})
afterAll(async () => {
  await t.close()
  await healthy.close()
})

describe('the answers table is the outbox', () => {
  test('with Redis unreachable submits still succeed, fast; the reconciler queues them all later', async () => {
    const admin = await createStaff(t)
    const c = await startCandidate(t, admin.actor)
    let state = c.state
    const answers = [
      { choice_ids: ['a'] },
      { text: 'lookup' },
      { language: 'javascript', code: 'function add(a, b) { return a + b }' },
    ]
    for (const answer of answers) {
      const started = performance.now()
      const res = await c.call('POST', '/answers', { question_id: state.question.id, answer })
      expect(res.status).toBe(201)
      // Bounded by the producer's 1 s enqueue timeout, not a hang (ioredis would retry forever).
      expect(performance.now() - started).toBeLessThan(3000)
      state = res.body
    }
    const rows =
      await t.sql`SELECT id FROM answers WHERE session_id = ${c.sessionId} AND grading_status = 'pending'`
    expect(rows).toHaveLength(3)
    for (const { id } of rows) expect(await healthy.gradingQueue.getJob(id)).toBeUndefined()

    // Redis is back: the worker's reconciler (same command) queues what was missed, once.
    t.clock.advance(10_000)
    const queued = await reconcileAnswers({
      db: t.db,
      now: t.clock.now,
      queue: healthy.answerQueue,
    })
    expect(queued).toBe(3)
    await reconcileAnswers({ db: t.db, now: t.clock.now, queue: healthy.answerQueue })
    for (const { id } of rows)
      expect((await healthy.gradingQueue.getJob(id))?.data).toEqual({ answer_id: id })
    expect(await healthy.gradingQueue.count()).toBe(3)
  })
})
