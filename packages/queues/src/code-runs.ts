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
  // Created on first use: most API processes serve no sample runs for a while. A failed start
  // is forgotten, so the next run tries again.
  const eventsReady = () => {
    ready ??= (async () => {
      events = new QueueEvents(CODE_RUNS_QUEUE, {
        connection: options.eventsConnection,
        prefix: options.prefix,
      })
      events.on('error', () => {})
      await events.waitUntilReady()
      return events
    })().catch((err) => {
      ready = undefined
      void events?.close().catch(() => {})
      throw err
    })
    return ready
  }
  return {
    async run(data, timeoutMs) {
      let job: Job | undefined
      let timer: Timer | undefined
      // One deadline for all of it: reaching Redis, queueing, and the worker's answer.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no result within ${timeoutMs} ms`)), timeoutMs)
      })
      try {
        return await Promise.race([
          (async () => {
            const listening = await eventsReady()
            job = await queue.add(
              RunCodeJob.name,
              RunCodeJob.schema.parse(data),
              RunCodeJob.options,
            )
            return job.waitUntilFinished(listening, timeoutMs)
          })(),
          deadline,
        ])
      } catch (err) {
        // A run no worker has taken yet is withdrawn, so it does not run for nobody later.
        const queued = job as Job | undefined
        if (queued && (await queued.isWaiting().catch(() => false)))
          await queued.remove().catch(() => {})
        throw new CodeRunUnavailableError(`no code runner answered: ${(err as Error).message}`)
      } finally {
        clearTimeout(timer)
      }
    },
    async close() {
      // Closing waits for Redis; an unreachable one must not hold a shutdown forever.
      const closed = Promise.all([queue.close().catch(() => {}), events?.close().catch(() => {})])
      const gaveUp = await Promise.race([
        closed.then(() => false),
        Bun.sleep(2000).then(() => true),
      ])
      // Not awaited either: they too wait for a connection that never comes.
      if (gaveUp) for (const client of [queue, events]) void client?.disconnect().catch(() => {})
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
