import { deliverWebhookJobs, WEBHOOK_QUEUE, type WebhookAttemptDue } from '@assess/core'
import { type ConnectionOptions, Queue } from 'bullmq'

// A relay pass must not hang on a sick Redis: the rows stay pending and the next pass retries.
const ENQUEUE_TIMEOUT_MS = 5000

export interface WebhookProducer {
  /**
   * Queues these attempts: how many were not in the queue already (new, or a finished job
   * replaced), once all are in it. Never throws: null when Redis could not take them (the rows
   * stay pending and the relay's next pass retries).
   */
  enqueueAttempts(due: WebhookAttemptDue[]): Promise<number | null>
  close(): Promise<void>
}

/**
 * The `webhooks` producer. Postgres is the record (`webhook_deliveries`): a failure here is
 * logged, and the relay queues the still-pending delivery again on its next pass.
 */
export function createWebhookProducer(options: {
  connection: ConnectionOptions
  prefix: string
  logger: { warn(details: object, message: string): void }
}): WebhookProducer {
  const queue = new Queue(WEBHOOK_QUEUE, { connection: options.connection, prefix: options.prefix })
  queue.on('error', () => {}) // reported per enqueue below, not once per reconnect attempt
  const addJobs = async (jobs: ReturnType<typeof deliverWebhookJobs>) => {
    // The delivery still wants this attempt, so a finished job under its id (one that failed
    // without recording the attempt, say) must not swallow the new one: clear it first. A job
    // that did record it is skipped by the processor, so clearing one too many is harmless.
    const states = await Promise.all(
      jobs.map(async ({ opts }) => {
        const state = await queue.getJobState(opts.jobId)
        if (state === 'failed' || state === 'completed') await queue.remove(opts.jobId)
        return state
      }),
    )
    await queue.addBulk(jobs)
    return states.filter((s) => s === 'failed' || s === 'completed' || s === 'unknown').length
  }
  return {
    async enqueueAttempts(due) {
      if (due.length === 0) return 0
      let timer: ReturnType<typeof setTimeout> | undefined
      try {
        return await Promise.race([
          addJobs(deliverWebhookJobs(due)),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS)
          }),
        ])
      } catch (err) {
        options.logger.warn(
          { err: (err as Error).message, count: due.length },
          'could not queue webhook deliveries; the relay will try again',
        )
        return null
      } finally {
        clearTimeout(timer)
      }
    },
    close: () => queue.close(),
  }
}
