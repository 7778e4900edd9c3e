import {
  type Database,
  type DbHandle,
  dueWebhookDeliveries,
  markWebhookAttemptsQueued,
} from '@assess/db'
import type { WebhookProducer } from '@assess/queues'
import type { Logger } from 'pino'
import { messageOf } from '../processors/context.ts'
import { type RelayScope, startRelayLoop } from '../relay-loop.ts'

/** Deliveries handed to the queue per query, soonest first. */
const BATCH = 500

/**
 * Moves due `webhook_deliveries` to the `webhooks` queue. The triggers' notification
 * (`pg_notify('webhook_deliveries')`) queues a new event at once; a pass every `everyMs`, and
 * one whenever LISTEN (re)connects, queues every pending delivery due within two intervals
 * (with a delay until its next_attempt_at), so a retry or a delivery written while Redis or this
 * worker was down is still sent on time. A delivery handed over is marked (`queued_attempt`), so
 * a backlog of thousands is queued once, not on every pass; the periodic pass also re-queues, a
 * page at a time, one still waiting `overdueMs` after it was due (its job may have been lost).
 * Queueing twice is harmless: the job id is the delivery's and attempt's, and the processor
 * skips an attempt already made.
 */
export async function startWebhookRelay(options: {
  db: Database
  /** The worker's postgres.js pool: LISTEN takes a connection of its own from it. */
  sql: DbHandle['sql']
  producer: Pick<WebhookProducer, 'enqueueAttempts'>
  everyMs: number
  /** How long past due a queued attempt may wait before it is queued again (default 2 min). */
  overdueMs?: number
  logger: Logger
}) {
  const { logger } = options
  const overdueMs = options.overdueMs ?? Math.max(120_000, options.everyMs * 10)
  // Where the overdue pages resume: a long backlog is walked through, a page per period.
  let overdueAfter: { nextAttemptAt: Date; deliveryId: string } | undefined

  /** Hands over unqueued deliveries until none is left (each batch is marked, so this ends). */
  async function queueUnqueued(stopping: () => boolean) {
    for (;;) {
      const due = await dueWebhookDeliveries(options.db, {
        scope: 'unqueued',
        withinMs: options.everyMs * 2,
        limit: BATCH,
      })
      if ((await options.producer.enqueueAttempts(due)) === null) return
      await markWebhookAttemptsQueued(options.db, due)
      if (due.length < BATCH || stopping()) return
    }
  }
  async function pass(scope: RelayScope, stopping: () => boolean) {
    try {
      await queueUnqueued(stopping)
      if (scope === 'all') {
        // One page per period: a long backlog behind a slow endpoint is rechecked gradually.
        const overdue = await dueWebhookDeliveries(options.db, {
          scope: 'overdue',
          overdueMs,
          limit: BATCH,
          after: overdueAfter,
        })
        const last = overdue.at(-1)
        overdueAfter =
          overdue.length === BATCH && last?.nextAttemptAt
            ? { nextAttemptAt: last.nextAttemptAt, deliveryId: last.deliveryId }
            : undefined
        // Most are still waiting their turn in the queue; only the lost ones are added again.
        const requeued = await options.producer.enqueueAttempts(overdue)
        if (requeued)
          logger.info({ count: requeued }, 'queued overdue webhook deliveries whose jobs were lost')
      }
    } catch (err) {
      logger.warn({ err: messageOf(err) }, 'webhook relay pass failed; the next one retries')
    }
  }
  return startRelayLoop({
    sql: options.sql,
    channel: 'webhook_deliveries',
    everyMs: options.everyMs,
    pass,
    logger,
  })
}
