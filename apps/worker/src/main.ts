import { availableParallelism, hostname } from 'node:os'
import { REPORT_REFRESH_MS } from '@assess/core'
import { createDb, markCodeLanguagesSeen, pingDatabase, recordCodeLanguages } from '@assess/db'
import { createModels, createSandbox, probeLanguages, runCodeJob } from '@assess/grading'
import { createLivePublisher, publishSessionEnded } from '@assess/live'
import {
  createGradingProducer,
  createProducerConnection,
  createSummaryProducer,
  openProductQueues,
  startCodeRunWorker,
} from '@assess/queues'
import Redis from 'ioredis'
import pino from 'pino'
import { startEmailWorker } from './email/email-worker.ts'
import { startUnsentEmailWatch } from './email/unsent-email-watch.ts'
import { loadWorkerEnv } from './env.ts'
import { startGradingWorkers } from './grading-workers.ts'
import { startMaintenance } from './maintenance.ts'
import { startMetricsServer } from './metrics-server.ts'
import { createModelRateLimiter } from './model-rate-limit.ts'
import { messageOf } from './processors/context.ts'
import { GradedHere } from './processors/graded-here.ts'
import { startWebhookWorker } from './webhooks/webhook-worker.ts'

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
  clearInterval(languagesSeen)
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

// Prometheus: the worker's counters and every queue's job counts, on METRICS_PORT.
const productQueues = openProductQueues({ redisUrl: env.REDIS_URL, prefix: env.REDIS_KEY_PREFIX })
closers.push(productQueues.close)
try {
  const metricsServer = startMetricsServer({
    port: env.METRICS_PORT,
    token: env.METRICS_TOKEN,
    queues: productQueues.all,
    logger,
  })
  closers.push(metricsServer.stop)
  logger.info({ port: metricsServer.port }, 'metrics listening')
} catch (err) {
  logger.fatal({ err: (err as Error).message, port: env.METRICS_PORT }, 'cannot serve metrics')
  process.exit(1)
}

const now = () => new Date()
/** Without SMTP_URL, how often unsent emails are counted (and reported if more pile up). */
const UNSENT_EMAIL_CHECK_MS = 60_000
// Producers fail fast on a connection of their own (the workers' waits for Redis by design):
// Postgres says what is owed, so the reconciler queues again whatever they could not.
const producerRedis = createProducerConnection(env.REDIS_URL)
closers.push(async () => producerRedis.disconnect()) // closed last: closers run in reverse
const producer = { connection: producerRedis, prefix: env.REDIS_KEY_PREFIX, logger }
// The reconciler queues up to 500 answers at once, each with a state read: more than a submit's 1 s.
const gradingProducer = createGradingProducer({ ...producer, enqueueTimeoutMs: 5000 })
const summaryProducer = createSummaryProducer(producer)
closers.push(gradingProducer.close, summaryProducer.close)
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
// "Run sample tests" and the sample-solution check at publish: the API queues code here and
// waits for the result, so its own container never runs untrusted code.
const codeRunWorker = startCodeRunWorker({
  connection: redis,
  prefix: env.REDIS_KEY_PREFIX,
  concurrency: env.SANDBOX_CONCURRENCY ?? availableParallelism(),
  run: (data) => runCodeJob(sandbox, data),
})
codeRunWorker.on('error', (err) => logger.warn({ err: err.message }, 'code-runs worker error'))
closers.push(() => codeRunWorker.close())
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
    producers: summaryProducer,
    live,
    jobTimeoutMs: env.GRADE_JOB_TIMEOUT_MS,
    gradedHere: new GradedHere(),
    resultsEmail: env.SMTP_URL ? { publicUrl: env.PUBLIC_URL } : null,
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
    queue: gradingProducer,
    onClockEnded: (session) => publishSessionEnded(live, session),
  },
  enqueueSummaries: summaryProducer.enqueueSummaries,
  connection: redis,
  prefix: env.REDIS_KEY_PREFIX,
  everyMs: env.SWEEP_INTERVAL_MS,
  logger,
})
closers.push(maintenance.close)
// Email only with SMTP_URL: the outbox relay and the `emails` consumer.
if (env.SMTP_URL) {
  const email = await startEmailWorker({
    db: database.db,
    sql: database.sql,
    connection: redis,
    producerConnection: producerRedis,
    prefix: env.REDIS_KEY_PREFIX,
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    relayEveryMs: env.EMAIL_RELAY_INTERVAL_MS,
    now,
    logger,
  })
  closers.push(email.close)
} else {
  const watch = await startUnsentEmailWatch({
    db: database.db,
    everyMs: UNSENT_EMAIL_CHECK_MS,
    logger,
  })
  closers.push(watch.close)
}
// Webhooks: the deliveries' relay and the `webhooks` consumer (an org without endpoints has none).
const webhookWorker = await startWebhookWorker({
  db: database.db,
  sql: database.sql,
  connection: redis,
  producerConnection: producerRedis,
  prefix: env.REDIS_KEY_PREFIX,
  retryDelaysSeconds: env.WEBHOOK_RETRY_DELAYS,
  allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  publicUrl: env.PUBLIC_URL,
  timeoutMs: env.WEBHOOK_TIMEOUT_MS,
  relayEveryMs: env.WEBHOOK_RELAY_INTERVAL_MS,
  logger,
})
closers.push(webhookWorker.close)
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
    email: env.SMTP_URL ? { from: env.MAIL_FROM } : 'off (no SMTP_URL)',
    webhook_retry_delays_s: env.WEBHOOK_RETRY_DELAYS,
  },
  'worker ready',
)

// What this worker can run, for GET /api/languages and the publish check. In the background: a
// probe compiles in every language, and grading need not wait for it.
const workerId = env.WORKER_ID ?? hostname()
let languagesSeen: Timer | undefined
if (env.PROBE_LANGUAGES)
  void probeLanguages(sandbox)
    .then(async (statuses) => {
      await recordCodeLanguages(database.db, workerId, statuses, now())
      // Still running: the report keeps counting (a worker gone quiet stops counting).
      languagesSeen = setInterval(
        () =>
          void markCodeLanguagesSeen(database.db, workerId, now()).catch((err) =>
            logger.warn({ err: messageOf(err) }, 'could not re-stamp the language report'),
          ),
        REPORT_REFRESH_MS,
      )
      const unavailable = statuses.filter((s) => !s.available)
      logger.info(
        {
          available: statuses.filter((s) => s.available).map((s) => s.language),
          unavailable: unavailable.map(({ language, problem }) => ({ language, problem })),
        },
        'code languages probed',
      )
    })
    .catch((err) => logger.error({ err: messageOf(err) }, 'could not record the code languages'))
