import { createDb, pingDatabase } from '@assess/db'
import { createModels, createSandbox } from '@assess/grading'
import { createLivePublisher, publishSessionEnded } from '@assess/live'
import Redis from 'ioredis'
import pino from 'pino'
import { loadWorkerEnv } from './env.ts'
import { startGradingWorkers } from './grading-workers.ts'
import { startMaintenance } from './maintenance.ts'
import { createModelRateLimiter } from './model-rate-limit.ts'
import { createProducers } from './producers.ts'

// The worker grades answers, writes session summaries, and runs the clock's sweeper and the
// outbox's reconciler.
const env = loadWorkerEnv()
const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: 'worker' },
  timestamp: pino.stdTimeFunctions.isoTime,
})
// Most grading jobs are a few short statements: about one connection per two concurrent jobs
// keeps them from queueing for the pool without crowding Postgres.
const database = createDb(env.DATABASE_URL, {
  max: Math.max(5, Math.ceil(env.GRADING_CONCURRENCY / 2)),
})
// BullMQ workers need maxRetriesPerRequest: null (they block on Redis by design).
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null })
redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'))

const closers: (() => Promise<unknown>)[] = []
let stopping = false
async function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'shutting down')
  // Let the running job finish (BullMQ's close waits for it), then close the connections.
  for (const close of closers.reverse()) await close().catch(() => {})
  await Promise.allSettled([database.close(), redis.quit()])
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))

try {
  await Promise.all([pingDatabase(database.db), redis.ping()])
} catch (err) {
  logger.fatal({ err: (err as Error).message }, 'cannot reach Postgres or Redis')
  process.exit(1)
}

const now = () => new Date()
const producers = createProducers({ connection: redis, prefix: env.REDIS_KEY_PREFIX, logger })
closers.push(producers.close)
// Live events are best-effort: on a connection of their own that fails fast, so an outage drops
// them instead of queueing them (the workers' connection waits for Redis by design).
const liveRedis = redis.duplicate({ maxRetriesPerRequest: 1, enableOfflineQueue: false })
liveRedis.on('error', () => {}) // the workers' connection reports outages
closers.push(async () => liveRedis.disconnect())
const live = createLivePublisher({ redis: liveRedis, prefix: env.REDIS_KEY_PREFIX, logger })
const sandbox = await createSandbox({
  isolation: env.SANDBOX_ISOLATION,
  maxConcurrentRuns: env.SANDBOX_CONCURRENCY,
}).catch((err: Error) => {
  // A worker that cannot run code would mark every code answer for review: refuse to start.
  logger.fatal({ err: err.message }, 'the code sandbox cannot start')
  process.exit(1)
})
const models = createModels({
  apiKey: env.OPENAI_API_KEY,
  baseURL: env.OPENAI_BASE_URL,
  gradingModel: env.GRADING_MODEL,
  codeReviewModel: env.CODE_REVIEW_MODEL,
  summaryModel: env.SUMMARY_MODEL,
})
const workers = startGradingWorkers({
  deps: {
    db: database.db,
    grading: {
      models,
      sandbox,
      weights: {
        shortAnswerKeywords: env.SHORT_ANSWER_KEYWORD_WEIGHT,
        codeTests: env.CODE_TESTS_WEIGHT,
      },
      call: {
        timeoutMs: env.MODEL_TIMEOUT_MS,
        acquire: createModelRateLimiter({
          redis,
          prefix: env.REDIS_KEY_PREFIX,
          perMinute: env.MODEL_RATE_LIMIT_PER_MINUTE,
          logger,
        }),
      },
    },
    producers,
    live,
    jobTimeoutMs: env.GRADE_JOB_TIMEOUT_MS,
    now,
    logger,
  },
  connection: redis,
  prefix: env.REDIS_KEY_PREFIX,
  concurrency: env.GRADING_CONCURRENCY,
  lockMs: env.JOB_LOCK_MS,
})
closers.push(workers.close)
const maintenance = await startMaintenance({
  ctx: {
    db: database.db,
    now,
    queue: producers,
    onClockEnded: (session) => publishSessionEnded(live, session),
  },
  enqueueSummaries: producers.enqueueSummaries,
  connection: redis,
  prefix: env.REDIS_KEY_PREFIX,
  everyMs: env.SWEEP_INTERVAL_MS,
  logger,
})
closers.push(maintenance.close)
logger.info(
  {
    llm: env.OPENAI_API_KEY
      ? { base_url: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1', grading: env.GRADING_MODEL }
      : 'none (local fallbacks, labelled)',
    sandbox: sandbox.isolation,
    ...(sandbox.fallbackReason ? { sandbox_fallback: sandbox.fallbackReason } : {}),
    concurrency: env.GRADING_CONCURRENCY,
    redis_prefix: env.REDIS_KEY_PREFIX,
    sweep_interval_ms: env.SWEEP_INTERVAL_MS,
  },
  'worker ready',
)
