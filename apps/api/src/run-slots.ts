import { UnavailableError } from '@assess/core'
import type Redis from 'ioredis'
import type { Logger } from './logger.ts'

// Drop slots whose holder never gave them back (an API process killed mid-run), then take one
// if fewer than the maximum are held. KEYS: the slot set; ARGV: now, hold until, max, slot id.
const ACQUIRE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(ARGV[2]) - tonumber(ARGV[1])))
return 1`

/** How long a busy deployment asks a candidate to wait before trying again. */
export const RUN_SLOTS_RETRY_AFTER_SECONDS = 3

/**
 * A deployment-wide cap on sample runs at once (every API process shares it through Redis), so
 * candidates together cannot load the machines that also serve the test: past it, a 503 with
 * Retry-After. A slot is held until the run ends, or `holdMs` (longer than any run) if its API
 * process dies. Without Redis each process still has its own cap (the sandbox's concurrency).
 */
export function createRunSlots(
  redis: Redis,
  options: {
    keyPrefix: string
    max: number
    holdMs: number
    logger: Logger
    now?: () => number
  },
) {
  const clock = options.now ?? Date.now
  const key = `${options.keyPrefix}:sample-run-slots`
  return {
    /** Takes a slot or throws 503 `sample_runs_busy`; returns its release. */
    async acquire(): Promise<() => Promise<void>> {
      const slot = crypto.randomUUID()
      const now = clock()
      let taken: number
      try {
        taken = (await redis.eval(
          ACQUIRE_SCRIPT,
          1,
          key,
          now,
          now + options.holdMs,
          options.max,
          slot,
        )) as number
      } catch (err) {
        options.logger.warn(
          { err: (err as Error).message },
          'sample-run slots unavailable; the per-process cap still applies',
        )
        return async () => {}
      }
      if (taken !== 1)
        throw new UnavailableError(
          'sample_runs_busy',
          'Sample runs are busy right now; try again in a few seconds',
          { retry_after_seconds: RUN_SLOTS_RETRY_AFTER_SECONDS },
        )
      return async () => {
        await redis.zrem(key, slot).catch(() => {})
      }
    },
  }
}
export type RunSlots = ReturnType<typeof createRunSlots>
