import type { LiveEvent } from '@assess/core'
import type Redis from 'ioredis'
import { DEFAULT_MAX_LEN, FIELD, STREAM_TTL_SECONDS, streamKey } from './stream.ts'

/** Just what publishing logs; pino's loggers fit. */
export interface LiveLogger {
  warn(obj: object, msg: string): void
}

export interface LivePublisher {
  /**
   * Appends `event` to the organization's stream, after the change it reports has committed.
   * Best-effort: it never rejects (a Redis failure is logged), so a request's hot path calls it
   * without awaiting (`void live.publish(...)`).
   */
  publish(orgId: string, event: LiveEvent): Promise<void>
}

/**
 * The publisher the API and the worker share. `redis` should fail fast (no offline queue, few
 * retries): an event that cannot be written now is dropped, never queued behind an outage.
 */
export function createLivePublisher(options: {
  redis: Redis
  prefix: string
  logger: LiveLogger
  maxLen?: number
}): LivePublisher {
  const { redis, prefix, logger } = options
  const maxLen = options.maxLen ?? DEFAULT_MAX_LEN
  return {
    async publish(orgId, event) {
      const key = streamKey(prefix, orgId)
      try {
        // One round trip; `~` lets Redis trim whole nodes, which is what keeps XADD O(1).
        const results = await redis
          .pipeline()
          .xadd(
            key,
            'MAXLEN',
            '~',
            maxLen,
            '*',
            FIELD.assessment,
            event.assessment_id,
            FIELD.type,
            event.type,
            FIELD.envelope,
            JSON.stringify(event),
          )
          .expire(key, STREAM_TTL_SECONDS)
          .exec()
        const failed = results?.find(([err]) => err)?.[0]
        if (failed) throw failed
      } catch (err) {
        logger.warn(
          { err: (err as Error).message, type: event.type, session_id: event.session_id },
          'could not publish a live event',
        )
      }
    },
  }
}
