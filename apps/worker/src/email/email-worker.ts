import { EMAIL_QUEUE } from '@assess/core'
import type { Database, DbHandle } from '@assess/db'
import { createEmailProducer } from '@assess/queues'
import { type ConnectionOptions, type Job, Worker } from 'bullmq'
import type { Logger } from 'pino'
import { createMailer } from './mailer.ts'
import { processSendEmail } from './process-email.ts'
import { startEmailRelay } from './relay.ts'

/** Emails sent at once: each waits on an SMTP server, not on this process. */
const CONCURRENCY = 4

/**
 * Email, when SMTP_URL is set: the relay (outbox → `emails` queue) and the `emails` consumer
 * that sends through SMTP. `close` stops the relay first, then lets the sends in flight finish.
 */
export async function startEmailWorker(options: {
  db: Database
  sql: DbHandle['sql']
  /** The workers' connection (maxRetriesPerRequest: null). */
  connection: ConnectionOptions
  /** The relay's producer: a fail-fast one (createProducerConnection), the caller's to close. */
  producerConnection: ConnectionOptions
  prefix: string
  smtpUrl: string
  from: string
  relayEveryMs: number
  now: () => Date
  logger: Logger
  /** The first retry's delay instead of the job contract's 5 s (tests). */
  retryDelayMs?: number
  /** The pause between runs of attempts instead of the contract's 15 min and up (tests). */
  pauseAfterRunMs?: (run: number) => number
}) {
  const { logger, prefix } = options
  const mailer = createMailer({ smtpUrl: options.smtpUrl, from: options.from })
  const producer = createEmailProducer({
    connection: options.producerConnection,
    prefix,
    logger,
    retryDelayMs: options.retryDelayMs,
  })
  const deps = {
    db: options.db,
    mailer,
    now: options.now,
    logger,
    pauseAfterRunMs: options.pauseAfterRunMs,
  }
  const worker = new Worker(EMAIL_QUEUE, (job: Job) => processSendEmail(deps, job), {
    connection: options.connection,
    prefix,
    concurrency: CONCURRENCY,
  })
  worker.on('error', (err) => logger.error({ err: err.message }, 'email worker error'))
  const relay = await startEmailRelay({
    db: options.db,
    sql: options.sql,
    enqueueEmails: producer.enqueueEmails,
    everyMs: options.relayEveryMs,
    logger,
  })
  return {
    worker,
    relay,
    async close() {
      await relay.close()
      await worker.close()
      await producer.close()
      mailer.close()
    },
  }
}
