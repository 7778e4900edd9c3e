import { GRADING_QUEUE, GradeAnswerJob, SUMMARY_QUEUE, SummarizeSessionJob } from '@assess/core'
import { markEvaluationFailed, saveGrade } from '@assess/db'
import { type ConnectionOptions, type Job, Worker } from 'bullmq'
import { messageOf, type ProcessorDeps } from './processors/context.ts'
import { failedGrade, processGradeAnswer, queueSummaryIfDue } from './processors/grade-answer.ts'
import { publishGraded } from './processors/live-events.ts'
import { processSummarizeSession } from './processors/summarize-session.ts'

/**
 * The `grading` and `summaries` consumers. Code runs happen in child processes, so this event
 * loop stays free to renew job locks; a worker killed mid-job loses its lock and the job is
 * picked up again by any worker (stalled-job recovery) after `lockMs`.
 */
export function startGradingWorkers(options: {
  deps: ProcessorDeps
  connection: ConnectionOptions
  prefix: string
  concurrency: number
  lockMs: number
}) {
  const { deps, connection, prefix, lockMs } = options
  const common = {
    connection,
    prefix,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A job whose worker died is retried a few times before it counts as failed.
    maxStalledCount: 3,
  }
  const grading = new Worker(GRADING_QUEUE, (job: Job) => processGradeAnswer(deps, job), {
    ...common,
    concurrency: options.concurrency,
  })
  const summaries = new Worker(SUMMARY_QUEUE, (job: Job) => processSummarizeSession(deps, job), {
    ...common,
    concurrency: Math.max(1, Math.ceil(options.concurrency / 2)),
  })

  // Final when no retry is pending: out of attempts, an UnrecoverableError, or stalled too often.
  const isFinal = async (job: Job | undefined) =>
    !!job && (await job.getState().catch(() => 'unknown')) === 'failed'
  grading.on('failed', async (job, err) => {
    deps.logger.warn(
      { answer_id: job?.data?.answer_id, attempt: job?.attemptsMade, err: err.message },
      'grading attempt failed',
    )
    const data = GradeAnswerJob.schema.safeParse(job?.data)
    if (!job || !data.success || !(await isFinal(job))) return
    // Out of retries: say so on the answer, unless a regrade has reset it since this job's
    // revision (the regrade's own job grades it). The processor has saved it already when the
    // fallback failed (this save then writes, publishes and queues nothing: only open answers
    // are written); this is for what it could not absorb (its own save failing, a database
    // error on the last attempt, a job stalled too often).
    const failure = {
      answerId: data.data.answer_id,
      revision: data.data.revision,
      reason: err,
      attempt: job.attemptsMade,
    }
    const saved = await saveGrade(deps.db, failedGrade(failure, deps.now())).catch((e) => {
      deps.logger.error({ err: messageOf(e) }, 'could not mark the answer failed')
      return null
    })
    publishGraded(deps, saved)
    // An event handler must not reject; a summary not queued is the reconciler's.
    await queueSummaryIfDue(deps, saved).catch((e) =>
      deps.logger.error({ err: messageOf(e) }, 'could not queue the summary'),
    )
  })
  summaries.on('failed', async (job, err) => {
    deps.logger.warn(
      { session_id: job?.data?.session_id, attempt: job?.attemptsMade, err: err.message },
      'summary attempt failed',
    )
    const data = SummarizeSessionJob.schema.safeParse(job?.data)
    if (!job || !data.success || !(await isFinal(job))) return
    // Not when a regrade came since this job's revision: that regrade's summary is owed.
    await markEvaluationFailed(deps.db, {
      sessionId: data.data.session_id,
      revision: data.data.revision,
      reason: err.message,
      now: deps.now(),
    }).catch((e) => deps.logger.error({ err: messageOf(e) }, 'could not mark evaluation failed'))
  })
  for (const worker of [grading, summaries])
    worker.on('error', (err) => deps.logger.error({ err: err.message }, 'grading worker error'))

  return {
    grading,
    summaries,
    async close() {
      await Promise.all([grading.close(), summaries.close()])
    },
  }
}
