import {
  GRADING_QUEUE,
  gradeAnswerJobs,
  SUMMARY_QUEUE,
  type SummaryDue,
  summarizeSessionJobs,
} from '@assess/core'
import type { AnswerQueue } from '@assess/db'
import { type ConnectionOptions, Queue } from 'bullmq'
import type { Logger } from 'pino'

export interface WorkerProducers extends AnswerQueue {
  enqueueSummaries(due: SummaryDue[]): Promise<void>
  close(): Promise<void>
}

/**
 * The worker's producers: answers to grade (the reconciler), sessions to summarize. A failure is
 * logged and left to the next reconcile run: Postgres says what is still owed.
 */
export function createProducers(options: {
  connection: ConnectionOptions
  prefix: string
  logger: Logger
}): WorkerProducers {
  const grading = new Queue(GRADING_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
  })
  const summaries = new Queue(SUMMARY_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
  })
  const add = async (queue: Queue, jobs: Parameters<Queue['addBulk']>[0], what: string) => {
    if (jobs.length === 0) return
    try {
      // Postgres says this work is still owed, so a finished job under the same id (kept for
      // the dashboard) must not swallow the new one: clear it first.
      for (const { opts } of jobs) {
        const old = opts?.jobId ? await queue.getJob(opts.jobId) : undefined
        if (old && ((await old.isFailed()) || (await old.isCompleted()))) await old.remove()
      }
      await queue.addBulk(jobs)
    } catch (err) {
      options.logger.warn(
        { err: (err as Error).message, count: jobs.length },
        `could not queue ${what}`,
      )
    }
  }
  return {
    enqueueGrading: (ids, opts) => add(grading, gradeAnswerJobs(ids, opts?.revision), 'answers'),
    enqueueSummaries: (due) => add(summaries, summarizeSessionJobs(due), 'summaries'),
    async close() {
      await Promise.all([grading.close(), summaries.close()])
    },
  }
}
