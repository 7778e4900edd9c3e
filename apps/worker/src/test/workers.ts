import { GRADING_QUEUE, SUMMARY_QUEUE, type SummaryDue } from '@assess/core'
import { createTestDatabase, testRunId } from '@assess/db/testing'
import { createSandbox, type GradingContext, NO_MODELS } from '@assess/grading'
import { createLivePublisher } from '@assess/live'
import {
  createGradingProducer,
  createProducerConnection,
  createSummaryProducer,
} from '@assess/queues'
import { Queue } from 'bullmq'
import Redis from 'ioredis'
import pino from 'pino'
import { startGradingWorkers } from '../grading-workers.ts'
import type { ProcessorDeps } from '../processors/context.ts'
import { GradedHere } from '../processors/graded-here.ts'

let count = 0

/**
 * The real grading workers on a cloned database and their own Redis prefix. Summary enqueues
 * are counted, so a test can prove exactly one per session. `extra`: more processor deps.
 */
export async function startTestWorkers(
  grading: Partial<GradingContext> = {},
  extra: Pick<ProcessorDeps, 'resultsEmail'> = {},
) {
  const database = await createTestDatabase()
  const prefix = `assess_test_${testRunId}_grading_${++count}`
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })
  // The producers as the worker's main.ts builds them (the reconciler's timeout included).
  const producerRedis = createProducerConnection(redisUrl)
  const gradingProducer = createGradingProducer({
    connection: producerRedis,
    prefix,
    logger,
    enqueueTimeoutMs: 5000,
  })
  const summaries = createSummaryProducer({ connection: producerRedis, prefix, logger })
  const producers = {
    enqueueGrading: gradingProducer.enqueueGrading,
    enqueueSummaries: summaries.enqueueSummaries,
  }
  const summaryEnqueues: string[] = []
  const summaryRevisions: SummaryDue[] = []
  const sandbox = grading.sandbox ?? (await createSandbox())
  const workers = startGradingWorkers({
    deps: {
      db: database.db,
      grading: { models: NO_MODELS, sandbox, ...grading },
      producers: {
        async enqueueSummaries(due) {
          summaryEnqueues.push(...due.map((d) => d.sessionId))
          summaryRevisions.push(...due)
          await producers.enqueueSummaries(due)
        },
      },
      live: createLivePublisher({ redis: connection, prefix, logger }),
      jobTimeoutMs: 20_000,
      gradedHere: new GradedHere(),
      now: () => new Date(),
      logger,
      ...extra,
    },
    connection,
    prefix,
    concurrency: 4,
    lockMs: 5000,
  })
  const gradingQueue = new Queue(GRADING_QUEUE, { connection, prefix })
  const summaryQueue = new Queue(SUMMARY_QUEUE, { connection, prefix })
  return {
    db: database.db,
    sql: database.sql,
    prefix,
    producers,
    gradingQueue,
    summaryQueue,
    summaryEnqueues,
    /** The same enqueues with the regrade revision each carried. */
    summaryRevisions,
    /** The grading and summary workers (a test may take one's event handlers off). */
    workers,
    /** The workers' Redis connection, which live events are published on. */
    redis: connection,
    async close() {
      await workers.close()
      await Promise.all([gradingProducer.close(), summaries.close()])
      await Promise.all([gradingQueue.close(), summaryQueue.close()])
      producerRedis.disconnect()
      connection.disconnect()
      await database.close()
    },
  }
}
