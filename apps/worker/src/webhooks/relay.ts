import { type Database, type DbHandle, dueWebhookDeliveries } from '@assess/db'
import type { WebhookProducer } from '@assess/queues'
import type { Logger } from 'pino'
import { messageOf } from '../processors/context.ts'

/** Deliveries handed to the queue per pass, soonest first; a full batch runs another pass. */
const BATCH = 500

/**
 * Moves due `webhook_deliveries` to the `webhooks` queue. The triggers' notification
 * (`pg_notify('webhook_deliveries')`) queues a new event at once; a pass every `everyMs`, and
 * one whenever LISTEN (re)connects, queues every pending delivery due within two intervals
 * (with a delay until its next_attempt_at), so a retry, a delivery written while Redis or this
 * worker was down, or a lost job is still sent on time. Queueing twice is harmless: the job id
 * is the delivery's and attempt's, and the processor skips an attempt already made.
 */
export async function startWebhookRelay(options: {
  db: Database
  /** The worker's postgres.js pool: LISTEN takes a connection of its own from it. */
  sql: DbHandle['sql']
  producer: Pick<WebhookProducer, 'enqueueAttempts'>
  everyMs: number
  logger: Logger
}) {
  const { logger } = options
  let running: Promise<void> | null = null
  let again = false
  let stopped = false

  async function pass(): Promise<boolean> {
    try {
      const due = await dueWebhookDeliveries(options.db, {
        withinMs: options.everyMs * 2,
        limit: BATCH,
      })
      await options.producer.enqueueAttempts(due)
      return due.length === BATCH
    } catch (err) {
      logger.warn({ err: messageOf(err) }, 'webhook relay pass failed; the next one retries')
      return false
    }
  }
  // One pass at a time; notifications during a pass coalesce into one more.
  function trigger() {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = pass().then((full) => {
      running = null
      const rerun = again || full
      again = false
      if (rerun) trigger()
    })
  }

  const timer = setInterval(trigger, options.everyMs)
  let listener: { unlisten: () => Promise<void> } | null = null
  try {
    listener = await options.sql.listen('webhook_deliveries', trigger, trigger)
  } catch (err) {
    // The periodic pass still sends everything, a few seconds later.
    logger.warn({ err: messageOf(err) }, 'cannot LISTEN on webhook_deliveries; relaying by polling')
    trigger()
  }

  return {
    async close() {
      stopped = true
      clearInterval(timer)
      await listener?.unlisten().catch(() => {})
      while (running) await running
    },
  }
}
