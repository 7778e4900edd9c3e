import { createDb, pingDatabase } from '@assess/db'
import Redis from 'ioredis'
import pino from 'pino'
import { loadWorkerEnv } from './env.ts'
import { createGradingProducer } from './grading-producer.ts'
import { startMaintenance } from './maintenance.ts'

// Grading processors arrive with the evaluation issue; today the worker runs the clock's
// sweeper and the outbox's reconciler.
const env = loadWorkerEnv()
const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: 'worker' },
  timestamp: pino.stdTimeFunctions.isoTime,
})
const database = createDb(env.DATABASE_URL, { max: 5 })
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

const producer = createGradingProducer({ connection: redis, prefix: env.REDIS_KEY_PREFIX, logger })
closers.push(producer.close)
const maintenance = await startMaintenance({
  ctx: { db: database.db, now: () => new Date(), queue: producer },
  connection: redis,
  prefix: env.REDIS_KEY_PREFIX,
  everyMs: env.SWEEP_INTERVAL_MS,
  logger,
})
closers.push(maintenance.close)
logger.info(
  {
    llm: env.OPENAI_API_KEY ? 'configured' : 'none (local fallbacks)',
    redis_prefix: env.REDIS_KEY_PREFIX,
    sweep_interval_ms: env.SWEEP_INTERVAL_MS,
  },
  'worker ready',
)
