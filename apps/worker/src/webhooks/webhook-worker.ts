import { WEBHOOK_QUEUE } from '@assess/core'
import type { Database, DbHandle } from '@assess/db'
import { createWebhookProducer } from '@assess/queues'
import { type ConnectionOptions, type Job, Worker } from 'bullmq'
import { messageOf } from '../processors/context.ts'
import { processWebhookDelivery, type WebhookDeliveryDeps } from './process-delivery.ts'
import { startWebhookRelay } from './relay.ts'

// Attempts mostly wait on other people's servers (up to the timeout each), not on this CPU.
const CONCURRENCY = 10

/** Webhook delivery: the relay (Postgres → queue) and the `webhooks` consumer. */
export async function startWebhookWorker(
  options: Omit<WebhookDeliveryDeps, 'producer'> & {
    sql: DbHandle['sql']
    db: Database
    connection: ConnectionOptions
    /** The producers' fail-fast connection (the workers' one waits out a Redis outage). */
    producerConnection?: ConnectionOptions
    prefix: string
    relayEveryMs: number
    concurrency?: number
  },
) {
  const { connection, prefix, logger } = options
  const producer = createWebhookProducer({
    connection: options.producerConnection ?? connection,
    prefix,
    logger,
  })
  const deps: WebhookDeliveryDeps = { ...options, producer }
  const worker = new Worker(WEBHOOK_QUEUE, (job: Job) => processWebhookDelivery(deps, job), {
    connection,
    prefix,
    concurrency: options.concurrency ?? CONCURRENCY,
  })
  worker.on('failed', (job, err) =>
    // Not recorded (the database was unreachable, say): the delivery stays pending and the
    // relay queues this attempt again.
    logger.warn(
      { delivery_id: job?.data?.delivery_id, attempt: job?.data?.attempt, err: messageOf(err) },
      'webhook job failed',
    ),
  )
  worker.on('error', (err) => logger.error({ err: messageOf(err) }, 'webhook worker error'))
  const relay = await startWebhookRelay({
    db: options.db,
    sql: options.sql,
    producer,
    everyMs: options.relayEveryMs,
    logger,
  })
  return {
    relay,
    async close() {
      await relay.close()
      await worker.close()
      await producer.close()
    },
  }
}
