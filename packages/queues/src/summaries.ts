import { SUMMARY_QUEUE, type SummaryDue, summarizeSessionJobs } from '@assess/core'
import { type ConnectionOptions, Queue } from 'bullmq'
import { addJobs, type ProducerLogger, within } from './enqueue.ts'

// Callers are the worker's (a grading job, the reconciler): no request waits, but a sick Redis
// must not hold a job; the reconciler queues whatever this misses.
const ENQUEUE_TIMEOUT_MS = 5000

export interface SummaryProducer {
  /** Queues one job per session and revision; never throws (logged; the reconciler retries). */
  enqueueSummaries(due: SummaryDue[]): Promise<void>
  readonly queue: Queue
  /** Closes the queue; the connection is the caller's. */
  close(): Promise<void>
}

/**
 * The `summaries` producer. A summary is queued only when Postgres says it is owed (the last
 * grade just saved, or the reconciler found it missing), so a finished job under the same id
 * never stands for it: it is always cleared first (`requeue`, see addJobs). Not a hot path: one
 * enqueue per finished session.
 */
export function createSummaryProducer(options: {
  connection: ConnectionOptions
  prefix: string
  logger: ProducerLogger
  enqueueTimeoutMs?: number
}): SummaryProducer {
  const queue = new Queue(SUMMARY_QUEUE, { connection: options.connection, prefix: options.prefix })
  queue.on('error', () => {})
  const timeoutMs = options.enqueueTimeoutMs ?? ENQUEUE_TIMEOUT_MS
  return {
    queue,
    async enqueueSummaries(due) {
      if (due.length === 0) return
      try {
        await within(timeoutMs, addJobs(queue, summarizeSessionJobs(due), true))
      } catch (err) {
        options.logger.warn(
          { err: (err as Error).message, session_ids: due.map((d) => d.sessionId) },
          'could not queue summaries; the reconciler will',
        )
      }
    },
    close: () => queue.close().catch(() => {}),
  }
}
