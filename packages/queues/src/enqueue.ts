import type { Queue } from 'bullmq'
import Redis from 'ioredis'

/** What the producers log through (pino's shape; each app brings its own). */
export interface ProducerLogger {
  warn(details: object, message: string): void
}

/** A producer's bulk-add entry (the job contracts' `…Jobs()` helpers build them). */
export type JobEntry = Parameters<Queue['addBulk']>[0][number] & { opts: { jobId: string } }

/**
 * The producers' Redis connection: it fails fast (no offline queue, one retry, a short connect
 * timeout) where a worker's waits for Redis by design. Postgres is the record for every queue,
 * so an enqueue that fails is logged and queued again later, never waited on. The caller owns it
 * (close the producers first, then `disconnect()`); one connection serves several producers.
 */
export function createProducerConnection(
  redisUrl: string,
  options: { connectTimeoutMs?: number } = {},
) {
  const connection = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs ?? 1000,
  })
  connection.on('error', () => {}) // reported per enqueue, not once per reconnect attempt
  return connection
}

/**
 * Adds the jobs. One job is one script call; addBulk pipelines several in one round trip (a
 * submit's hot path). `requeue`: Postgres says this work is owed although a job under the same
 * id may have finished (kept for the dashboard; one that failed without recording it): such a
 * job would swallow the new one, so it is removed first, at the cost of a state read per job.
 */
export async function addJobs(queue: Queue, jobs: JobEntry[], requeue: boolean) {
  if (requeue) {
    const states = await Promise.all(jobs.map(({ opts }) => queue.getJobState(opts.jobId)))
    const finished = jobs.filter((_, i) => states[i] === 'completed' || states[i] === 'failed')
    await Promise.all(finished.map(({ opts }) => queue.remove(opts.jobId)))
  }
  const [only] = jobs
  if (jobs.length === 1 && only) await queue.add(only.name, only.data, only.opts)
  else await queue.addBulk(jobs)
}

/** Runs `work`; rejects once `ms` pass without it settling (it is not cancelled, only not awaited). */
export async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: Timer | undefined
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`enqueue timed out after ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
