import { afterAll, describe, expect, test } from 'bun:test'
import { testRunId } from '@assess/db/testing'
import Redis from 'ioredis'
import pino from 'pino'
import { createModelRateLimiter } from './model-rate-limit.ts'

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
afterAll(() => redis.quit())
const logger = pino({ level: 'silent' })

describe('model-call rate limit', () => {
  test('calls over the limit wait for the next window instead of failing', async () => {
    const acquire = createModelRateLimiter({
      redis,
      prefix: `assess_test_${testRunId}_ratelimit`,
      perMinute: 2,
      windowMs: 1500,
      logger,
    })
    // The window opens at the first call; the bounds sit far from each other so a busy machine
    // cannot blur them: two calls do not wait a window, the third does.
    const started = performance.now()
    await acquire()
    await acquire()
    expect(performance.now() - started).toBeLessThan(1000)
    await acquire()
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400)
  })

  test('Redis down: calls go through (the provider’s 429s are the backstop)', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    })
    down.on('error', () => {})
    const acquire = createModelRateLimiter({ redis: down, prefix: 'x', perMinute: 1, logger })
    await acquire()
    await acquire()
    down.disconnect()
  })
})
