import { RateLimitedError } from '@assess/core'
import type Redis from 'ioredis'
import type { Logger } from './logger.ts'

// INCR and the first PEXPIRE in one step, so a crash between them cannot leave a counter forever.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`

// One attempt under a growing delay: refused while the delay runs; counted otherwise, and past
// the free attempts each one pushes the next allowed time out, doubling up to the maximum.
// ARGV: now, free attempts, base delay, max delay, how long the record is kept (all ms).
const BACKOFF_SCRIPT = `
local now = tonumber(ARGV[1])
local blocked = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if blocked > now then return blocked - now end
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local over = count - tonumber(ARGV[2])
if over >= 0 then
  local delay = math.floor(math.min(tonumber(ARGV[3]) * (2 ^ over), tonumber(ARGV[4])))
  redis.call('HSET', KEYS[1], 'until', now + delay)
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 0`

export interface RateLimitRule {
  limit: number
  windowMs: number
}

export interface BackoffRule {
  /** Attempts before any delay. */
  freeAttempts: number
  /** The first delay; each further attempt doubles it. */
  baseDelayMs: number
  maxDelayMs: number
  /** Quiet time after which the attempts are forgotten. */
  forgetAfterMs: number
}

/**
 * Fixed-window counters in Redis: shared by every API instance, rebuilt from nothing. When Redis
 * is down the limiter lets requests through (and says so in the log): Redis holds nothing a login
 * should depend on.
 */
export function createRateLimiter(
  redis: Redis,
  keyPrefix: string,
  logger: Logger,
  now: () => Date = () => new Date(),
) {
  const fullKey = (key: string) => `${keyPrefix}:ratelimit:${key}`
  const unavailable = (err: unknown, key: string) =>
    logger.warn({ err: (err as Error).message, key }, 'rate limiter unavailable; allowing request')
  const limited = (retryAfterMs: number) =>
    new RateLimitedError('rate_limited', 'Too many attempts; try again later', {
      retry_after_seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    })
  return {
    /** Counts one hit; throws 429 (with retry_after_seconds) once the window's limit is passed. */
    async hit(key: string, rule: RateLimitRule): Promise<void> {
      let reply: [number, number]
      try {
        reply = (await redis.eval(HIT_SCRIPT, 1, fullKey(key), rule.windowMs)) as [number, number]
      } catch (err) {
        unavailable(err, key)
        return
      }
      const [count, ttl] = reply
      if (count > rule.limit) throw limited(ttl)
    },
    /**
     * Counts one attempt under growing delays (see BACKOFF_SCRIPT); throws 429 with the time
     * left while a delay runs. `reset` on success clears it.
     */
    async backoff(key: string, rule: BackoffRule): Promise<void> {
      let waitMs: number
      try {
        waitMs = (await redis.eval(
          BACKOFF_SCRIPT,
          1,
          fullKey(key),
          now().getTime(),
          rule.freeAttempts,
          rule.baseDelayMs,
          rule.maxDelayMs,
          rule.forgetAfterMs,
        )) as number
      } catch (err) {
        unavailable(err, key)
        return
      }
      if (waitMs > 0) throw limited(waitMs)
    },
    async reset(key: string): Promise<void> {
      await redis.del(fullKey(key)).catch(() => {})
    },
  }
}
export type RateLimiter = ReturnType<typeof createRateLimiter>
