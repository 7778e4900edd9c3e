import { createDb } from '@assess/db'
import { createTestDatabase, testRunId } from '@assess/db/testing'
import { createLazySandbox, runCodeJob } from '@assess/grading'
import { createLivePublisher, createLiveReader } from '@assess/live'
import {
  createCodeRunClient,
  createGradingProducer,
  createProducerConnection,
  openProductQueues,
  startCodeRunWorker,
} from '@assess/queues'
import Redis from 'ioredis'
import { createApp } from '../app.ts'
import { createTokenService } from '../auth/tokens.ts'
import type { AppConfig } from '../deps.ts'
import { createLogger } from '../logger.ts'
import { TRUST_NO_PROXY } from '../middleware/trust-proxy.ts'
import { createRateLimiter } from '../rate-limit.ts'
import { createRunSlots } from '../run-slots.ts'
import { createTestClock, type TestClock } from './clock.ts'

export const TEST_JWT = {
  secret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  issuer: 'assess-test',
  audience: 'assess-test-api',
}
let appCount = 0

/**
 * The real app on real services: its own cloned database, its own Redis key prefix, and a
 * clock the test controls. Call `close()` in afterAll.
 *
 * `sharing`: a second API instance of another test app, as a second process would be: its own
 * connections (Postgres pool, Redis), the same database, Redis prefix and clock. Close it first.
 */
export async function createTestApp(
  config: Partial<AppConfig> = {},
  options: {
    queueRedisUrl?: string
    sharing?: { databaseUrl: string; redisPrefix: string; clock: TestClock }
    /** false: no worker takes code runs (sample runs then wait out codeRunTimeoutMs). */
    codeRunner?: boolean
  } = {},
) {
  const { sharing } = options
  const database = sharing
    ? { ...createDb(sharing.databaseUrl, { max: 5 }), url: sharing.databaseUrl }
    : await createTestDatabase()
  const redisPrefix = sharing?.redisPrefix ?? `assess_test_${testRunId}_${++appCount}`
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
  const clock = sharing?.clock ?? createTestClock()
  const tokens = createTokenService(TEST_JWT, clock.now)
  const logger = createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent')
  const producerRedis = createProducerConnection(options.queueRedisUrl ?? redisUrl)
  const grading = createGradingProducer({ connection: producerRedis, prefix: redisPrefix, logger })
  const productQueues = openProductQueues({
    redisUrl: options.queueRedisUrl ?? redisUrl,
    prefix: redisPrefix,
  })
  const runSlots = createRunSlots(redis, {
    keyPrefix: redisPrefix,
    max: 2,
    holdMs: 60_000,
    logger,
    now: () => clock.now().getTime(),
  })
  const liveReader = createLiveReader({ redis, prefix: redisPrefix, maxStreams: 20 })
  const codeRuns = createCodeRunClient({
    connection: producerRedis,
    eventsConnection: { url: options.queueRedisUrl ?? redisUrl, maxRetriesPerRequest: null },
    prefix: redisPrefix,
  })
  // What the worker process does with `code-runs`, here in the test's process: the API itself
  // only queues and waits. Its sandbox is built on the first run.
  const sandbox = createLazySandbox()
  const codeRunner =
    sharing || options.codeRunner === false
      ? null
      : startCodeRunWorker({
          connection: new Redis(redisUrl, { maxRetriesPerRequest: null }),
          prefix: redisPrefix,
          concurrency: 2,
          run: (data) => runCodeJob(sandbox, data),
        })
  const app = createApp({
    db: database.db,
    redis,
    logger,
    tokens,
    rateLimiter: createRateLimiter(redis, redisPrefix, logger, clock.now),
    queue: grading,
    productQueues,
    live: createLivePublisher({ redis, prefix: redisPrefix, logger }),
    liveReader,
    codeRuns,
    runSlots,
    now: clock.now,
    config: {
      publicUrl: 'http://assess.test',
      allowSignup: true,
      bodyLimitBytes: 256 * 1024,
      loginRateLimit: {
        perIp: 1000,
        windowMs: 60_000,
        perAccountAndAddress: {
          freeAttempts: 5,
          baseDelayMs: 1000,
          maxDelayMs: 60_000,
          forgetAfterMs: 3_600_000,
        },
      },
      sampleRunRateLimit: { limit: 3, windowMs: 60_000 },
      codeRunTimeoutMs: 60_000,
      live: { heartbeatMs: 15_000 },
      mail: { enabled: false },
      // The SSRF guard on, as in production; tests that send to a local receiver allow it.
      webhooks: { allowPrivateNetworks: false, requireHttps: false },
      trustProxy: TRUST_NO_PROXY,
      ...config,
    },
  })

  async function request(
    method: string,
    path: string,
    options: {
      token?: string
      body?: unknown
      rawBody?: string
      headers?: Record<string, string>
      /** The caller's address, as Bun's server would report it (none by default). */
      ip?: string
    } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body: string | undefined = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    const server = options.ip
      ? { requestIP: () => ({ address: options.ip, family: 'IPv4', port: 40000 }) }
      : undefined
    const res = await app.request(path, { method, headers, body }, server && { server })
    const text = await res.text()
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response JSON
    let json: any
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: res.status, body: json, text, headers: res.headers }
  }

  return {
    app,
    db: database.db,
    sql: database.sql,
    redis,
    clock,
    tokens,
    request,
    runSlots,
    /** The BullMQ `grading` queue under this app's own prefix. */
    gradingQueue: grading.queue,
    /** The producer itself, for calling session commands (sweeper, reconciler) directly. */
    answerQueue: grading,
    /** Every product queue under this app's prefix (GET /metrics, the queue dashboard). */
    productQueues,
    redisPrefix,
    /** The cloned database, for a second instance or a process (the worker) to share. */
    databaseUrl: database.url,
    liveReader,
    async close() {
      liveReader.closeAll()
      await codeRunner?.close()
      await codeRuns.close()
      await grading.close()
      producerRedis.disconnect()
      await productQueues.close()
      // A sharing instance leaves the data to the app it shares with.
      if (!sharing) {
        const keys = await redis.keys(`${redisPrefix}*`)
        if (keys.length) await redis.del(...keys)
      }
      await redis.quit()
      await database.close()
    },
  }
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>
