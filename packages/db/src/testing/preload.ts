import { afterAll } from 'bun:test'
import { RedisClient } from 'bun'
import { dropRunDatabases, testRunId } from './database.ts'

// Runs once after every test file: nothing a run creates outlives it, in Postgres or Redis.
afterAll(async () => {
  await dropRunDatabases()
  const redis = new RedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
  try {
    const keys = (await redis.send('KEYS', [`assess_test_${testRunId}*`])) as string[]
    if (keys.length > 0) await redis.send('DEL', keys)
  } finally {
    redis.close()
  }
})
