import {
  MAINTENANCE_QUEUE,
  PruneDeliveryLogsJob,
  ReconcileAnswersJob,
  type SummaryDue,
  SweepSessionsJob,
} from '@assess/core'
import {
  DELIVERY_LOG_RETENTION_DAYS,
  pruneDeliveryLogs,
  RECONCILE_AFTER_MS,
  reconcileAnswers,
  type SessionContext,
  sessionsAwaitingSummary,
  sweepSessions,
} from '@assess/db'
import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq'
import type { Logger } from 'pino'

/**
 * The clock's periodic half: BullMQ job schedulers fire `sweep-sessions` and `reconcile-answers`
 * every interval, and `prune-delivery-logs` hourly. Upserting a scheduler is idempotent and each run locks the rows it touches
 * (SKIP LOCKED), so any number of workers may run this at once.
 */
export async function startMaintenance(options: {
  ctx: SessionContext
  /** Summaries owed but never queued (the last grade landed while Redis was down). */
  enqueueSummaries: (due: SummaryDue[]) => Promise<void>
  connection: ConnectionOptions
  prefix: string
  everyMs: number
  logger: Logger
}) {
  const { ctx, connection, prefix, everyMs, logger, enqueueSummaries } = options
  const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix })
  // Maintenance results live in Postgres; finished runs need not pile up in Redis.
  const opts = { removeOnComplete: true, removeOnFail: 50 }
  await queue.upsertJobScheduler(
    SweepSessionsJob.schedulerId,
    { every: everyMs },
    { name: SweepSessionsJob.name, opts },
  )
  await queue.upsertJobScheduler(
    ReconcileAnswersJob.schedulerId,
    { every: everyMs },
    { name: ReconcileAnswersJob.name, opts },
  )
  await queue.upsertJobScheduler(
    PruneDeliveryLogsJob.schedulerId,
    { every: PruneDeliveryLogsJob.everyMs },
    { name: PruneDeliveryLogsJob.name, opts },
  )

  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job: Job) => {
      if (job.name === SweepSessionsJob.name) {
        const result = await sweepSessions(ctx)
        if (result.caughtUp || result.abandoned)
          logger.info({ caught_up: result.caughtUp, abandoned: result.abandoned }, 'sessions swept')
        return { caught_up: result.caughtUp, abandoned: result.abandoned }
      }
      if (job.name === ReconcileAnswersJob.name) {
        const queued = await reconcileAnswers(ctx)
        if (queued) logger.info({ queued }, 'pending answers queued again')
        const owed = await sessionsAwaitingSummary(ctx.db, {
          olderThan: new Date(ctx.now().getTime() - RECONCILE_AFTER_MS),
        })
        await enqueueSummaries(owed)
        return { queued, summaries: owed.length }
      }
      if (job.name === PruneDeliveryLogsJob.name) {
        const olderThan = new Date(ctx.now().getTime() - DELIVERY_LOG_RETENTION_DAYS * 86_400_000)
        const pruned = await pruneDeliveryLogs(ctx.db, { olderThan })
        if (pruned.emails || pruned.webhookDeliveries)
          logger.info(
            { emails: pruned.emails, webhook_deliveries: pruned.webhookDeliveries },
            'old delivery logs deleted',
          )
        return pruned
      }
      throw new Error(`unknown maintenance job ${job.name}`)
    },
    // One run at a time per worker: runs are short, and overlapping sweeps would only skip rows.
    { connection, prefix, concurrency: 1 },
  )
  worker.on('failed', (job, err) =>
    logger.error({ job: job?.name, err: err.message }, 'maintenance job failed'),
  )
  worker.on('error', (err) => logger.error({ err: err.message }, 'maintenance worker error'))
  return {
    async close() {
      await worker.close()
      await queue.close()
    },
  }
}
