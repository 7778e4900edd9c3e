import type { Database } from '@assess/db'
import type { GradingContext } from '@assess/grading'
import type { LivePublisher } from '@assess/live'
import type { SummaryProducer } from '@assess/queues'
import { type Job, UnrecoverableError } from 'bullmq'
import type { Logger } from 'pino'
import type { z } from 'zod'
import type { GradedHere } from './graded-here.ts'

/** What the grading and summary processors share; tests build it with real services. */
export interface ProcessorDeps {
  db: Database
  grading: GradingContext
  producers: Pick<SummaryProducer, 'enqueueSummaries'>
  /** Live monitoring: answer.graded and session.summarized (best-effort). */
  live: LivePublisher
  jobTimeoutMs: number
  now: () => Date
  logger: Logger
  /** Email configured (SMTP_URL): a first summary emails "results ready" to the inviter. */
  resultsEmail?: { publicUrl: string } | null
  /** MCQ answers this process's batches graded (their siblings' jobs skip the read). */
  gradedHere: GradedHere
}

/** Whether a failure may pass on its own (model 429/5xx/timeout, the job's deadline). */
export function isTransient(err: unknown): boolean {
  const e = err as { name?: string; retryable?: boolean }
  if (e.name === 'ModelUnavailableError') return e.retryable === true
  return e.name === 'JobDeadlineError'
}

export function messageOf(err: unknown): string {
  // drizzle wraps a database error as "Failed query: <sql> params: <values>": the values can be
  // candidates' data, and the cause is what says what went wrong.
  const cause = (err as Error)?.cause
  if (err instanceof Error && err.message.startsWith('Failed query') && cause instanceof Error)
    return cause.message
  return (err as Error)?.message ?? String(err)
}

/**
 * The job's data under its contract. Malformed data never becomes valid: an UnrecoverableError
 * fails the job at once instead of spending its attempts.
 */
export function jobDataOf<S extends z.ZodType>(schema: S, job: Job): z.output<S> {
  const parsed = schema.safeParse(job.data)
  if (!parsed.success) throw new UnrecoverableError(`bad job data: ${parsed.error.message}`)
  return parsed.data
}

/**
 * Whether this run is the job's last. BullMQ's attempts decide whether a failure is retried,
 * but a transient model failure on the last attempt must not fail at all: the local fallback
 * grades (or summarizes) instead, and only the processor can do that work, under the job's
 * lock. That one rule is why attempts are counted here; nothing else counts them.
 */
export function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
}

/**
 * The local fallback (no model) failed. Past its deadline it may pass, so BullMQ retries it;
 * anything else is local code on the same answer that fails the same way every time: the job
 * fails at once (the 'failed' handler records the reason), without spending its attempts.
 */
export function fallbackFailure(err: unknown): Error {
  return isTransient(err) ? (err as Error) : new UnrecoverableError(messageOf(err))
}
