import type { Database } from '@assess/db'
import type { GradingContext } from '@assess/grading'
import type { LivePublisher } from '@assess/live'
import type { Logger } from 'pino'
import type { WorkerProducers } from '../producers.ts'

/** What the grading and summary processors share; tests build it with real services. */
export interface ProcessorDeps {
  db: Database
  grading: GradingContext
  producers: Pick<WorkerProducers, 'enqueueSummaries'>
  /** Live monitoring: answer.graded and session.summarized (best-effort). */
  live: LivePublisher
  jobTimeoutMs: number
  now: () => Date
  logger: Logger
}

/** Whether a failure may pass on its own (model 429/5xx/timeout, the job's deadline). */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; retryable?: boolean }
  if (e.name === 'ModelUnavailableError') return e.retryable === true
  return e.name === 'JobDeadlineError'
}

export function messageOf(err: unknown): string {
  return (err as Error)?.message ?? String(err)
}
