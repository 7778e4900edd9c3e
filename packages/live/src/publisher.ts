import type { LiveEvent } from '@assess/core'
import type Redis from 'ioredis'
import { DEFAULT_MAX_LEN, FIELD, STREAM_TTL_SECONDS, streamKey } from './stream.ts'

/** Just what publishing logs; pino's loggers fit. */
export interface LiveLogger {
  warn(obj: object, msg: string): void
}

export interface LivePublisher {
  /**
   * Appends `events` to the organization's stream, in order and in one round trip, after the
   * change they report has committed. Best-effort: it never rejects (a Redis failure is logged),
   * so a request's hot path calls it without awaiting (`void live.publish(...)`).
   */
  publish(orgId: string, ...events: LiveEvent[]): Promise<void>
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
    async publish(orgId, ...events) {
      if (events.length === 0) return
      const key = streamKey(prefix, orgId)
      try {
        // One round trip; `~` lets Redis trim whole nodes, which is what keeps XADD O(1).
        const pipeline = redis.pipeline()
        for (const event of events)
          pipeline.xadd(
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
        const results = await pipeline.expire(key, STREAM_TTL_SECONDS).exec()
        const failed = results?.find(([err]) => err)?.[0]
        if (failed) throw failed
      } catch (err) {
        logger.warn(
          {
            err: (err as Error).message,
            types: events.map((e) => e.type),
            session_ids: [...new Set(events.map((e) => e.session_id))],
          },
          'could not publish live events',
        )
      }
    },
  }
}
