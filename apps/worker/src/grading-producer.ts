import { GRADING_QUEUE, gradeAnswerJobs } from '@assess/core'
import type { AnswerQueue } from '@assess/db'
import { type ConnectionOptions, Queue } from 'bullmq'
import type { Logger } from 'pino'

/** Queues answers for grading; a failure is logged and left to the next reconcile run. */
export function createGradingProducer(options: {
  connection: ConnectionOptions
  prefix: string
  logger: Logger
}) {
  const queue = new Queue(GRADING_QUEUE, { connection: options.connection, prefix: options.prefix })
  const producer: AnswerQueue & { close: () => Promise<void> } = {
    async enqueueGrading(answerIds) {
      if (answerIds.length === 0) return
      try {
        await queue.addBulk(gradeAnswerJobs(answerIds))
      } catch (err) {
        options.logger.warn(
          { err: (err as Error).message, count: answerIds.length },
          'could not queue answers',
        )
      }
    },
    close: () => queue.close(),
  }
  return producer
}
