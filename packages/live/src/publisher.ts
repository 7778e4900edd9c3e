import { type LiveEvent, tickBatcher } from '@assess/core'
import type Redis from 'ioredis'
import { DEFAULT_MAX_LEN, FIELD, STREAM_TTL_SECONDS, streamKey } from './stream.ts'

/** Just what publishing logs; pino's loggers fit. */
export interface LiveLogger {
  warn(obj: object, msg: string): void
}

export interface LivePublisher {
  /**
   * Appends `events` to the organization's stream, in order, after the change they report has
   * committed (one round trip for every call of the same tick). Best-effort: it never rejects
   * (a Redis failure is logged), so a request's hot path calls it without awaiting
   * (`void live.publish(...)`).
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
  // Calls of one tick share one pipeline: under load a round trip per request (hundreds a
  // second) would cost the API more CPU than the events are worth. Order is kept (a pipeline
  // runs in order).
  const publishBatched = tickBatcher<{ key: string; event: LiveEvent }>(async (entries) => {
    try {
      const pipeline = redis.pipeline()
      // `~` lets Redis trim whole nodes, which is what keeps XADD O(1).
      for (const { key, event } of entries)
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
      for (const key of new Set(entries.map((e) => e.key))) pipeline.expire(key, STREAM_TTL_SECONDS)
      const results = await pipeline.exec()
      const failed = results?.find(([err]) => err)?.[0]
      if (failed) throw failed
    } catch (err) {
      logger.warn(
        {
          err: (err as Error).message,
          types: [...new Set(entries.map((e) => e.event.type))],
          session_ids: [...new Set(entries.map((e) => e.event.session_id))],
        },
        'could not publish live events',
      )
    }
  })

  return {
    publish(orgId, ...events) {
      if (events.length === 0) return Promise.resolve()
      const key = streamKey(prefix, orgId)
      // Never rejects: a failure is logged above (and a throwing logger goes no further).
      return publishBatched(...events.map((event) => ({ key, event }))).catch(() => {})
    },
  }
}
