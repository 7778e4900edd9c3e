import { GRADING_QUEUE, gradeAnswerJobs, tickBatcher } from '@assess/core'
import { type ConnectionOptions, Queue } from 'bullmq'
import { addJobs, type JobEntry, type ProducerLogger, within } from './enqueue.ts'

// A submit must not wait on a sick Redis: the answer is already committed (the outbox), and the
// worker's reconciler queues whatever this misses.
const ENQUEUE_TIMEOUT_MS = 1000

export interface GradingOptions {
  /** A regrade's revision (see GradeAnswerJob.jobId); 0, the first grading, by default. */
  revision?: number
  /** The reconciler's: clear a finished job under the same id first (see addJobs). */
  requeue?: boolean
}

/** The `grading` producer; structurally the AnswerQueue of @assess/db. */
export interface GradingProducer {
  /** Queues one job per answer; never throws: a failure is logged, the reconciler retries. */
  enqueueGrading(answerIds: string[], options?: GradingOptions): Promise<void>
  /** The BullMQ queue itself (tests and the dashboard look at it). */
  readonly queue: Queue
  /** Closes the queue; the connection is the caller's. */
  close(): Promise<void>
}

/**
 * The one producer for `grading`, for the API (submits, session ends, regrades) and the worker
 * (the sweeper and the reconciler) alike. Postgres is the record: answers stay `pending` until
 * graded, so whatever this fails to queue, the reconciler queues again (with `requeue`).
 */
export function createGradingProducer(options: {
  /** Best a fail-fast connection (createProducerConnection); a waiting one is cut off anyway. */
  connection: ConnectionOptions
  prefix: string
  logger: ProducerLogger
  enqueueTimeoutMs?: number
}): GradingProducer {
  const queue = new Queue(GRADING_QUEUE, { connection: options.connection, prefix: options.prefix })
  queue.on('error', () => {}) // reported per enqueue below, not once per reconnect attempt
  const timeoutMs = options.enqueueTimeoutMs ?? ENQUEUE_TIMEOUT_MS
  // Plain enqueues of one tick go out as one addBulk, under one deadline: under load, one round
  // trip (and one timer) per submit costs the API more than the jobs themselves. (A requeue
  // reads job states first: alone.)
  const addBatched = tickBatcher<JobEntry>((jobs) => within(timeoutMs, addJobs(queue, jobs, false)))
  return {
    queue,
    async enqueueGrading(answerIds, opts = {}) {
      if (answerIds.length === 0) return
      try {
        const jobs = gradeAnswerJobs(answerIds, opts.revision)
        await (opts.requeue ? within(timeoutMs, addJobs(queue, jobs, true)) : addBatched(...jobs))
      } catch (err) {
        options.logger.warn(
          { err: (err as Error).message, answer_ids: answerIds, revision: opts.revision ?? 0 },
          'could not queue answers for grading; the reconciler will',
        )
      }
    },
    close: () => queue.close().catch(() => {}),
  }
}
