import { createHash, timingSafeEqual } from 'node:crypto'
import type { JobType, Queue } from 'bullmq'

/**
 * The states `assess_queue_jobs` reports. Finished jobs are kept for a while (see the job
 * contracts' removeOnComplete/removeOnFail), so completed and failed are recent history.
 */
export const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
] as const satisfies JobType[]

/** The gauge's definition, shared by the API and the worker (each with its own prom-client). */
export const QUEUE_JOBS_GAUGE = {
  name: 'assess_queue_jobs',
  help: 'Jobs in each queue by state, read from Redis at scrape time',
  labelNames: ['queue', 'state'] as const,
}

/** What a prom-client Gauge with QUEUE_JOBS_GAUGE's labels offers (prom-client is the apps'). */
export interface QueueJobsGauge {
  reset(): void
  set(labels: { queue: string; state: string }, value: number): void
}

/**
 * Fills the gauge from each queue's job counts, at scrape time. A queue Redis cannot answer for
 * within `timeoutMs` is left out of this scrape and reported; the rest of the scrape goes on.
 */
export async function collectQueueJobs(
  gauge: QueueJobsGauge,
  queues: readonly Queue[],
  onError: (queue: string, err: Error) => void,
  timeoutMs = 2000,
) {
  const results = await Promise.allSettled(
    queues.map((queue) => withTimeout(queue.getJobCounts(...JOB_STATES), timeoutMs)),
  )
  gauge.reset()
  results.forEach((result, i) => {
    const queue = queues[i]?.name ?? 'unknown'
    if (result.status === 'rejected') onError(queue, result.reason as Error)
    else for (const state of JOB_STATES) gauge.set({ queue, state }, result.value[state] ?? 0)
  })
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: Timer | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from Redis in ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Whether an Authorization header carries `Bearer <token>` (METRICS_TOKEN), compared in
 * constant time: both sides are hashed first, so neither length nor content leaks.
 */
export function bearerMatches(authorization: string | undefined | null, token: string): boolean {
  const match = /^Bearer +(.+)$/i.exec(authorization ?? '')
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(match?.[1]?.trim() ?? ''), digest(token)) && !!match
}
