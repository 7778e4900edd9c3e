import { afterAll, setDefaultTimeout } from 'bun:test'
import { RedisClient } from 'bun'
import { dropRunDatabases, testRunId } from './database.ts'

// Bun's 5 s default is lost on a busy 2-core machine by a test that only clones a database or
// hashes passwords (argon2) a few times. A limit only bounds a failure (a passing test ends when
// it is done), so every file gets a generous one; a file that needs more sets its own.
setDefaultTimeout(60_000)

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
