import type Redis from 'ioredis'
import type { Logger } from 'pino'

// INCR and the first PEXPIRE in one step, so a crash between them cannot leave a counter forever.
const TAKE_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`

/**
 * Model calls per minute across every worker process: one Redis counter per window. A caller
 * over the limit waits for the next window instead of failing. Redis being down lets calls
 * through (logged): the provider's own 429s, retried with backoff, are the backstop.
 */
export function createModelRateLimiter(options: {
  redis: Redis
  prefix: string
  perMinute: number
  logger: Logger
  /** One minute; shorter only in tests. */
  windowMs?: number
}) {
  const key = `${options.prefix}:model-calls`
  const windowMs = options.windowMs ?? 60_000
  return async function acquire(): Promise<void> {
    for (;;) {
      let reply: [number, number]
      try {
        reply = (await options.redis.eval(TAKE_SCRIPT, 1, key, windowMs)) as [number, number]
      } catch (err) {
        options.logger.warn({ err: (err as Error).message }, 'model rate limiter unavailable')
        return
      }
      const [count, ttl] = reply
      if (count <= options.perMinute) return
      await Bun.sleep(Math.max(50, ttl))
    }
  }
}
