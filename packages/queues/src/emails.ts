import { EMAIL_QUEUE, sendEmailJobs } from '@assess/core'
import { type ConnectionOptions, Queue } from 'bullmq'
import { addJobs, type ProducerLogger, within } from './enqueue.ts'

// A relay pass must not hang on a sick Redis: the rows stay pending and the next pass retries.
const ENQUEUE_TIMEOUT_MS = 5000

export interface EmailProducer {
  /** Queues these outbox rows for sending; never throws (the relay's next pass retries). */
  enqueueEmails(outboxIds: string[]): Promise<void>
  readonly queue: Queue
  /** Closes the queue; the connection is the caller's. */
  close(): Promise<void>
}

/**
 * The `emails` producer, for the worker's outbox relay. Postgres is the record (`email_outbox`):
 * a failure here is logged and the row, still pending, is queued again by the relay's next pass.
 * A row is queued only while it is pending, so a finished job under its id (kept for the
 * dashboard, or one that failed without marking the row) never stands for it: it is cleared
 * first (`requeue`); the processor skips a row that is not pending any more.
 */
export function createEmailProducer(options: {
  connection: ConnectionOptions
  prefix: string
  logger: ProducerLogger
  /** The first retry's delay instead of the contract's (tests: a few ms). */
  retryDelayMs?: number
}): EmailProducer {
  const queue = new Queue(EMAIL_QUEUE, { connection: options.connection, prefix: options.prefix })
  queue.on('error', () => {}) // reported per enqueue below, not once per reconnect attempt
  return {
    queue,
    async enqueueEmails(outboxIds) {
      if (outboxIds.length === 0) return
      const jobs = sendEmailJobs(outboxIds, { retryDelayMs: options.retryDelayMs })
      try {
        await within(ENQUEUE_TIMEOUT_MS, addJobs(queue, jobs, true))
      } catch (err) {
        options.logger.warn(
          { err: (err as Error).message, count: jobs.length },
          'could not queue emails; the relay will try again',
        )
      }
    },
    close: () => queue.close().catch(() => {}),
  }
}
