import { RateLimitedError } from '@assess/core'
import type Redis from 'ioredis'
import type { Logger } from './logger.ts'

// INCR and the first PEXPIRE in one step, so a crash between them cannot leave a counter forever.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`

export interface RateLimitRule {
  limit: number
  windowMs: number
}

/**
 * Fixed-window counters in Redis: shared by every API instance, rebuilt from nothing. When Redis
 * is down the limiter lets requests through (and says so in the log): Redis holds nothing a login
 * should depend on.
 */
export function createRateLimiter(redis: Redis, keyPrefix: string, logger: Logger) {
  const fullKey = (key: string) => `${keyPrefix}:ratelimit:${key}`
  return {
    /** Counts one hit; throws 429 (with retry_after_seconds) once the window's limit is passed. */
    async hit(key: string, rule: RateLimitRule): Promise<void> {
      let reply: [number, number]
      try {
        reply = (await redis.eval(HIT_SCRIPT, 1, fullKey(key), rule.windowMs)) as [number, number]
      } catch (err) {
        logger.warn(
          { err: (err as Error).message, key },
          'rate limiter unavailable; allowing request',
        )
        return
      }
      const [count, ttl] = reply
      if (count > rule.limit) {
        const retryAfterSeconds = Math.max(1, Math.ceil(ttl / 1000))
        throw new RateLimitedError('rate_limited', 'Too many attempts; try again later', {
          retry_after_seconds: retryAfterSeconds,
        })
      }
    },
    async reset(key: string): Promise<void> {
      await redis.del(fullKey(key)).catch(() => {})
    },
  }
}
export type RateLimiter = ReturnType<typeof createRateLimiter>
