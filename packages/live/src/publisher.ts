import { type LiveEvent, tickBatcher } from '@assess/core'
import type Redis from 'ioredis'
import { DEFAULT_MAX_LEN, FIELD, STREAM_TTL_SECONDS, streamKey } from './stream.ts'

/** Just what publishing logs; pino's loggers fit. */
export interface LiveLogger {
  warn(obj: object, msg: string): void
}

/**
 * Whom the events are about: the session (or its answer's session). Its organization's stream
 * gets them; a staff member's preview is not monitored, so it gets none (the one place that
 * rule lives: every publisher passes the session as it is).
 */
export interface LiveSubject {
  orgId: string
  preview: boolean
}

export interface LivePublisher {
  /**
   * Appends `events` to the subject's organization's stream, in order, after the change they
   * report has committed (one round trip for every call of the same tick); nothing for a
   * preview. Best-effort: it never rejects (a Redis failure is logged), so a request's hot path
   * calls it without awaiting (`void live.publish(...)`).
   */
  publish(subject: LiveSubject, ...events: LiveEvent[]): Promise<void>
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
    publish(subject, ...events) {
      if (events.length === 0 || subject.preview) return Promise.resolve()
      const key = streamKey(prefix, subject.orgId)
      // Never rejects: a failure is logged above (and a throwing logger goes no further).
      return publishBatched(...events.map((event) => ({ key, event }))).catch(() => {})
    },
  }
}
