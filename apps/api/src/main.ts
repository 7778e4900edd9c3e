import { existsSync } from 'node:fs'
import { createDb } from '@assess/db'
import { createLivePublisher, createLiveReader } from '@assess/live'
import {
  createCodeRunClient,
  createGradingProducer,
  createProducerConnection,
  openProductQueues,
} from '@assess/queues'
import Redis from 'ioredis'
import { createApp } from './app.ts'
import { createTokenService } from './auth/tokens.ts'
import { loadApiEnv } from './env.ts'
import { createLogger } from './logger.ts'
import { createRateLimiter } from './rate-limit.ts'
import { createRunSlots } from './run-slots.ts'

const env = loadApiEnv()
const logger = createLogger(env.LOG_LEVEL)
// One API process runs its handlers on one core: 10 connections keep Postgres busy while it
// waits on the network (a hot touch is one statement), and more would only queue in Postgres.
// Scale out with processes, not with connections.
const database = createDb(env.DATABASE_URL, { max: 10 })
// Fail fast instead of queueing commands forever while Redis is down; readyz reports it.
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'))
const now = () => new Date()
// Producers on a connection of their own that fails fast: a submit must not wait on a sick Redis.
const producerRedis = createProducerConnection(env.REDIS_URL)
const gradingQueue = createGradingProducer({
  connection: producerRedis,
  prefix: env.REDIS_KEY_PREFIX,
  logger,
})
// Every product queue, read by GET /metrics and the ops dashboard, on a connection of its own.
const productQueues = openProductQueues({ redisUrl: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX })
// Each live stream client holds a Redis connection and a socket: a few hundred per process is
// what a recruiting team's dashboards need, and Redis allows 10,000 clients by default.
const liveReader = createLiveReader({ redis, prefix: env.REDIS_KEY_PREFIX, maxStreams: 500 })
// Code runs go to the workers (this process runs no untrusted code); QueueEvents blocks on a
// connection of its own to hear when a run is done.
const codeRuns = createCodeRunClient({
  connection: producerRedis,
  eventsConnection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
  prefix: env.REDIS_KEY_PREFIX,
})

const app = createApp({
  db: database.db,
  redis,
  logger,
  now,
  tokens: createTokenService(
    {
      secret: env.JWT_SECRET,
      jwksUrl: env.JWT_JWKS_URL,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
    },
    now,
  ),
  rateLimiter: createRateLimiter(redis, env.REDIS_KEY_PREFIX, logger, now),
  queue: gradingQueue,
  productQueues,
  live: createLivePublisher({ redis, prefix: env.REDIS_KEY_PREFIX, logger }),
  liveReader,
  codeRuns,
  runSlots: createRunSlots(redis, {
    keyPrefix: env.REDIS_KEY_PREFIX,
    max: env.SAMPLE_RUNS_MAX_CONCURRENT,
    // Longer than any sample run waits, so only a dead process's slot expires.
    holdMs: env.CODE_RUN_TIMEOUT_MS + 30_000,
    logger,
  }),
  config: {
    publicUrl: env.PUBLIC_URL,
    allowSignup: env.ALLOW_SIGNUP,
    bodyLimitBytes: 2 * 1024 * 1024,
    loginRateLimit: {
      perIp: 100,
      windowMs: 15 * 60_000,
      // 5 free tries, then 1 s, 2 s, 4 s … up to 15 min between tries from that address.
      perAccountAndAddress: {
        freeAttempts: 5,
        baseDelayMs: 1000,
        maxDelayMs: 15 * 60_000,
        forgetAfterMs: 60 * 60_000,
      },
    },
    sampleRunRateLimit: { limit: env.SAMPLE_RUNS_PER_MINUTE, windowMs: 60_000 },
    codeRunTimeoutMs: env.CODE_RUN_TIMEOUT_MS,
    webDistDir: env.WEB_DIST_DIR,
    live: { heartbeatMs: 15_000 },
    mail: { enabled: env.SMTP_URL !== undefined },
    webhooks: {
      allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      requireHttps: env.NODE_ENV === 'production' && !env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    },
    metricsToken: env.METRICS_TOKEN,
    ops:
      env.OPS_USERNAME && env.OPS_PASSWORD
        ? { username: env.OPS_USERNAME, password: env.OPS_PASSWORD }
        : undefined,
    trustProxy: env.TRUST_PROXY,
  },
})

const server = Bun.serve({
  port: env.PORT,
  fetch: app.fetch,
  // A request may wait for a worker to run code (sample runs, publishing): Bun's 10 s idle
  // default would cut it off first. 255 s is Bun's maximum.
  idleTimeout: Math.min(255, Math.ceil(env.CODE_RUN_TIMEOUT_MS / 1000) + 15),
})
logger.info(
  {
    port: server.port,
    public_url: env.PUBLIC_URL,
    web: existsSync(env.WEB_DIST_DIR) ? env.WEB_DIST_DIR : 'not built',
  },
  'api listening',
)

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down')
  const stopped = server.stop()
  // Live streams never finish on their own: end them, or stop() would wait for them forever.
  liveReader.closeAll()
  await stopped
  // Stop taking requests first; in-flight ones finish, then the connections close.
  await Promise.allSettled([
    gradingQueue.close(),
    codeRuns.close(),
    productQueues.close(),
    database.close(),
    redis.quit(),
  ])
  producerRedis.disconnect()
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
