import { GradeAnswerJob, gradeAnswerJobs } from '@assess/core'
import type { AnswerQueue } from '@assess/db'
import { Queue } from 'bullmq'
import Redis from 'ioredis'
import type { Logger } from './logger.ts'

// A submit must not wait on a sick Redis: the answer is already committed (the outbox), and the
// worker's reconciler queues whatever this misses.
const ENQUEUE_TIMEOUT_MS = 1000

/** The API's producer for `grading`: fails fast, never throws, logs what it could not queue. */
export function createGradingQueue(options: { redisUrl: string; prefix: string; logger: Logger }) {
  const connection = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: ENQUEUE_TIMEOUT_MS,
  })
  connection.on('error', () => {}) // reported per enqueue below, not once per reconnect attempt
  const queue = new Queue(GradeAnswerJob.queue, { connection, prefix: options.prefix })
  queue.on('error', () => {})

  const producer: AnswerQueue & { queue: Queue; close: () => Promise<void> } = {
    queue,
    async enqueueGrading(answerIds, opts) {
      if (answerIds.length === 0) return
      const jobs = gradeAnswerJobs(answerIds, opts?.revision)
      let timer: Timer | undefined
      try {
        // One job (a submit) is one script call; addBulk wraps even one in MULTI/EXEC.
        const [only] = jobs
        await Promise.race([
          jobs.length === 1 && only
            ? queue.add(only.name, only.data, only.opts)
            : queue.addBulk(jobs),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS)
          }),
        ])
      } catch (err) {
        options.logger.warn(
          { err: (err as Error).message, answer_ids: answerIds },
          'could not queue answers for grading; the reconciler will',
        )
      } finally {
        clearTimeout(timer)
      }
    },
    async close() {
      await queue.close().catch(() => {})
      connection.disconnect()
    },
  }
  return producer
}
