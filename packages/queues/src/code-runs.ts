import { CODE_RUNS_QUEUE, RunCodeJob, type RunCodeJobData } from '@assess/core'
import { type ConnectionOptions, type Job, Queue, QueueEvents, Worker } from 'bullmq'

/** Why a run did not come back: no worker took it in time, or Redis is unreachable. */
export class CodeRunUnavailableError extends Error {
  override name = 'CodeRunUnavailableError'
}

export interface CodeRunClient {
  /**
   * Queues the run and waits for a worker's result. Rejects with CodeRunUnavailableError when no
   * result arrives within `timeoutMs` (a run still waiting is withdrawn) or the job failed.
   */
  run(data: RunCodeJobData, timeoutMs: number): Promise<unknown>
  close(): Promise<void>
}

/**
 * The API's side of `code-runs`: it never runs code itself. QueueEvents tells it when a run it
 * waits for has finished (one stream read for every waiting request of this process).
 */
export function createCodeRunClient(options: {
  connection: ConnectionOptions
  /** QueueEvents blocks on its own connection (a URL or options; not a shared client). */
  eventsConnection: ConnectionOptions
  prefix: string
}): CodeRunClient {
  const queue = new Queue(CODE_RUNS_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
  })
  queue.on('error', () => {})
  let events: QueueEvents | undefined
  let ready: Promise<QueueEvents> | undefined
  // Created on first use: most API processes serve no sample runs for a while.
  const eventsReady = () => {
    ready ??= (async () => {
      events = new QueueEvents(CODE_RUNS_QUEUE, {
        connection: options.eventsConnection,
        prefix: options.prefix,
      })
      events.on('error', () => {})
      await events.waitUntilReady()
      return events
    })()
    return ready
  }
  return {
    async run(data, timeoutMs) {
      let job: Job | undefined
      try {
        const listening = await eventsReady()
        job = await queue.add(RunCodeJob.name, RunCodeJob.schema.parse(data), RunCodeJob.options)
        return await job.waitUntilFinished(listening, timeoutMs)
      } catch (err) {
        // A run no worker has taken yet is withdrawn, so it does not run for nobody later.
        if (job && (await job.isWaiting().catch(() => false))) await job.remove().catch(() => {})
        throw new CodeRunUnavailableError(
          job
            ? `no code runner answered: ${(err as Error).message}`
            : `could not queue the run: ${(err as Error).message}`,
        )
      }
    },
    async close() {
      await Promise.all([queue.close().catch(() => {}), events?.close().catch(() => {})])
    },
  }
}

/** The worker's side: runs each job with `run` and returns its result to the waiting caller. */
export function startCodeRunWorker(options: {
  connection: ConnectionOptions
  prefix: string
  concurrency: number
  run: (data: RunCodeJobData) => Promise<unknown>
}) {
  return new Worker(CODE_RUNS_QUEUE, (job: Job) => options.run(RunCodeJob.schema.parse(job.data)), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
  })
}
