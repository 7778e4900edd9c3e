import { z } from 'zod'
import { CodeLanguage } from './contracts/code-questions.ts'

/**
 * Typed job contracts shared by the producers (API, reconciler) and the worker. Job ids are
 * deterministic and colon-free (BullMQ reserves ':'), so a re-enqueue of the same work is a no-op.
 */
export const GRADING_QUEUE = 'grading'
export const MAINTENANCE_QUEUE = 'maintenance'

export const GradeAnswerJob = {
  name: 'grade-answer',
  queue: GRADING_QUEUE,
  // `revision`: the session's regrade revision the job was queued under (absent: 0, the first
  // grading). A job older than the last regrade of its answer is stale and writes nothing.
  schema: z.object({ answer_id: z.uuid(), revision: z.number().int().min(0).default(0) }),
  // A regrade's job carries the session's regrade revision: under the bare answer id, the first
  // grade's finished job (kept for the dashboard) would swallow it.
  jobId: (answerId: string, revision = 0) => (revision > 0 ? `${answerId}-r${revision}` : answerId),
  options: {
    // Model calls fail transiently (429, 5xx, timeouts): retry with backoff before giving up.
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    // Keep finished jobs briefly for the dashboard; Postgres is the record.
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
} as const
export type GradeAnswerJobData = z.infer<typeof GradeAnswerJob.schema>

export const SUMMARY_QUEUE = 'summaries'

/**
 * One per finished session and regrade revision, once every answer is graded: totals, summary,
 * recommendation. The revision (how many regrades the session has had) lets the summary run
 * again after a regrade, and still exactly once per revision.
 */
export const SummarizeSessionJob = {
  name: 'summarize-session',
  queue: SUMMARY_QUEUE,
  schema: z.object({ session_id: z.uuid(), revision: z.number().int().min(0).default(0) }),
  jobId: (sessionId: string, revision = 0) =>
    revision > 0 ? `summary-${sessionId}-r${revision}` : `summary-${sessionId}`,
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
} as const
export type SummarizeSessionJobData = z.infer<typeof SummarizeSessionJob.schema>

export const CODE_RUNS_QUEUE = 'code-runs'

/**
 * Code someone is waiting for: a candidate's "Run sample tests", an author's sample solution at
 * publish. The API adds the job and awaits its result (nothing is stored); a worker runs it in
 * its sandbox, so the API's own container never runs untrusted code. A queue of its own, so a
 * grading backlog never delays it. One attempt: the caller decides what a failure means.
 */
export const RunCodeJob = {
  name: 'run-code',
  queue: CODE_RUNS_QUEUE,
  schema: z.object({
    /** The question's code spec as stored (any age: the worker reads it with codeSpecOf). */
    spec: z.record(z.string(), z.unknown()),
    language: CodeLanguage,
    code: z.string().max(100_000),
    /** samples: the visible tests (a sample run); all: every test (a sample solution). */
    which: z.enum(['samples', 'all']),
  }),
  options: {
    attempts: 1,
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 3600, count: 1000 },
  },
} as const
export type RunCodeJobData = z.infer<typeof RunCodeJob.schema>

export const SweepSessionsJob = {
  name: 'sweep-sessions',
  queue: MAINTENANCE_QUEUE,
  schedulerId: 'sweep-sessions',
} as const
export const ReconcileAnswersJob = {
  name: 'reconcile-answers',
  queue: MAINTENANCE_QUEUE,
  schedulerId: 'reconcile-answers',
} as const
/** Hourly: finished emails and webhook deliveries past their retention are deleted. */
export const PruneDeliveryLogsJob = {
  name: 'prune-delivery-logs',
  queue: MAINTENANCE_QUEUE,
  schedulerId: 'prune-delivery-logs',
  everyMs: 3600 * 1000,
} as const

/**
 * The bulk-add entries for grading these answers (one job per answer, id = answer id, plus the
 * regrade revision when they are graded again; the data carries the revision too, and leaves it
 * out at 0 like the id).
 */
export function gradeAnswerJobs(answerIds: string[], revision = 0) {
  return answerIds.map((id) => {
    const data: z.input<typeof GradeAnswerJob.schema> =
      revision > 0 ? { answer_id: id, revision } : { answer_id: id }
    GradeAnswerJob.schema.parse(data)
    return {
      name: GradeAnswerJob.name,
      data,
      opts: { ...GradeAnswerJob.options, jobId: GradeAnswerJob.jobId(id, revision) },
    }
  })
}

/** A session whose summary is owed, under its regrade revision (0 until it is regraded). */
export interface SummaryDue {
  sessionId: string
  revision: number
}

/** The bulk-add entries for summarizing these sessions (one job per session and revision). */
export function summarizeSessionJobs(due: SummaryDue[]) {
  return due.map(({ sessionId, revision }) => ({
    name: SummarizeSessionJob.name,
    data: SummarizeSessionJob.schema.parse({ session_id: sessionId, revision }),
    opts: { ...SummarizeSessionJob.options, jobId: SummarizeSessionJob.jobId(sessionId, revision) },
  }))
}

export const EMAIL_QUEUE = 'emails'

/**
 * Sends one `email_outbox` row. The row is the record: the job carries only its id, and the
 * processor re-reads it (a row already sent or failed is skipped), so a re-enqueue by the relay
 * is harmless.
 */
export const SendEmailJob = {
  name: 'send-email',
  queue: EMAIL_QUEUE,
  schema: z.object({ outbox_id: z.uuid() }),
  jobId: (outboxId: string) => `email-${outboxId}`,
  options: {
    // An SMTP server that is restarting, rate-limiting or greylisting (4xx) recovers within
    // minutes: 8 attempts, 5 s doubling (5 s … 320 s, about 10.5 minutes in all). A longer
    // outage leaves the row pending, and the relay queues it again after a pause
    // (`pauseAfterRunMs`), until `giveUpAfterMs`.
    attempts: 8,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
  /** An email still failing (for a reason a retry could change) a day after it was written fails. */
  giveUpAfterMs: 24 * 3600 * 1000,
  /** The pause after the n-th run of attempts failed: 15 min, 30 min, then every hour. */
  pauseAfterRunMs: (run: number) => Math.min(15 * 60_000 * 2 ** (run - 1), 3600_000),
} as const
export type SendEmailJobData = z.infer<typeof SendEmailJob.schema>

/** The bulk-add entries for sending these outbox rows (one job per row, id `email-<row id>`). */
export function sendEmailJobs(outboxIds: string[], options: { retryDelayMs?: number } = {}) {
  const backoff =
    options.retryDelayMs === undefined
      ? SendEmailJob.options.backoff
      : { ...SendEmailJob.options.backoff, delay: options.retryDelayMs }
  return outboxIds.map((id) => ({
    name: SendEmailJob.name,
    data: SendEmailJob.schema.parse({ outbox_id: id }),
    opts: { ...SendEmailJob.options, backoff, jobId: SendEmailJob.jobId(id) },
  }))
}

export const WEBHOOK_QUEUE = 'webhooks'

/**
 * One HTTP attempt of one `webhook_deliveries` row. The row is the record and the retry schedule
 * is ours (WEBHOOK_RETRY_DELAYS sets next_attempt_at), so BullMQ tries each job once: every
 * attempt is its own job, id `webhook-<delivery id>-<attempt>`, and the processor skips a job
 * whose attempt is not the delivery's next one (a re-enqueue by the relay is harmless).
 */
export const DeliverWebhookJob = {
  name: 'deliver-webhook',
  queue: WEBHOOK_QUEUE,
  schema: z.object({ delivery_id: z.uuid(), attempt: z.number().int().min(1) }),
  jobId: (deliveryId: string, attempt: number) => `webhook-${deliveryId}-${attempt}`,
  options: {
    attempts: 1,
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
} as const
export type DeliverWebhookJobData = z.infer<typeof DeliverWebhookJob.schema>

/** A delivery's next attempt, to run at `delayMs` from now (0: at once). */
export interface WebhookAttemptDue {
  deliveryId: string
  attempt: number
  delayMs: number
}

/** The bulk-add entries for these attempts (one job per delivery and attempt number). */
export function deliverWebhookJobs(due: WebhookAttemptDue[]) {
  return due.map(({ deliveryId, attempt, delayMs }) => ({
    name: DeliverWebhookJob.name,
    data: DeliverWebhookJob.schema.parse({ delivery_id: deliveryId, attempt }),
    opts: {
      ...DeliverWebhookJob.options,
      delay: Math.max(0, Math.round(delayMs)),
      jobId: DeliverWebhookJob.jobId(deliveryId, attempt),
    },
  }))
}

/**
 * Every queue of the product: the ops dashboard and the queue-jobs metric list these. Keep it at
 * the end of this file, after every queue constant, and add a new queue here.
 */
export const ALL_QUEUES = [
  GRADING_QUEUE,
  SUMMARY_QUEUE,
  MAINTENANCE_QUEUE,
  EMAIL_QUEUE,
  WEBHOOK_QUEUE,
] as const
