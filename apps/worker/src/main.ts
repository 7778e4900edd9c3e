import { createDb, pingDatabase } from '@assess/db'
import Redis from 'ioredis'
import pino from 'pino'
import { loadWorkerEnv } from './env.ts'

// The grading processors arrive with the evaluation issue; for now the worker proves it can
// reach Postgres and Redis, stays up, and shuts down cleanly, so compose and CI run it as is.
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

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down')
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
logger.info(
  {
    llm: env.OPENAI_API_KEY ? 'configured' : 'none (local fallbacks)',
    redis_prefix: env.REDIS_KEY_PREFIX,
  },
  'worker ready',
)
