import { booleanFromEnv, envFields, parseEnv } from '@assess/core'
import { z } from 'zod'

const fraction = z.coerce.number().min(0).max(1)

export const WorkerEnv = z.object({
  ...envFields,
  /** Unset: no model; graders use their documented local fallbacks, labelled as such. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Any OpenAI-compatible endpoint (Azure, vLLM, Ollama, ...). */
  OPENAI_BASE_URL: z.url().optional(),
  GRADING_MODEL: z.string().min(1).default('gpt-4.1-mini'),
  CODE_REVIEW_MODEL: z.string().min(1).default('gpt-4.1'),
  SUMMARY_MODEL: z.string().min(1).default('gpt-4.1-mini'),
  /** Per-call limit; a slow provider counts as a failure and the job retries with backoff. */
  MODEL_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** Model calls per minute across every worker (a Redis counter): keeps us under provider quotas. */
  MODEL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(300),
  /**
   * Grading jobs one worker runs at once. Most of a job's time is waiting: on a model (seconds
   * a call: at 4 jobs a worker could not use the default model quota of 5 calls a second), on
   * a sandbox slot (code runs, which need a core each, are capped apart by SANDBOX_CONCURRENCY),
   * on a commit, or on its session's MCQ batch. Measured (`bun run bench`, 2 cores): MCQ
   * backlog 1,750-1,780 answers/s at 4, 1,907-2,241 at 16, no more at 32.
   */
  GRADING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
  /** Code runs at once in this worker (default: one per CPU core); more only slow each run. */
  SANDBOX_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** BullMQ has no job timeout: a grading job that runs longer is aborted and retried. */
  GRADE_JOB_TIMEOUT_MS: z.coerce.number().int().min(1000).max(1_800_000).default(180_000),
  /**
   * How long a job's lock lives without renewal: a worker killed mid-job has its job picked up
   * again (stalled-job recovery) about this long after it died.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  SHORT_ANSWER_KEYWORD_WEIGHT: fraction.default(0.5),
  CODE_TESTS_WEIGHT: fraction.default(0.7),
  /**
   * At start, compile and run a probe in every code language and record what works (GET
   * /api/languages, the publish check). Tests that start many workers turn it off.
   */
  PROBE_LANGUAGES: booleanFromEnv.default(true),
  /**
   * This worker's name in the language reports: stable across its restarts (a restart
   * overwrites its report), distinct between workers. The host name by default (a container's).
   */
  WORKER_ID: z.string().trim().min(1).max(200).optional(),
  /** auto: bubblewrap when it works here, else plain child processes (Python then refused). */
  SANDBOX_ISOLATION: z.enum(['auto', 'bwrap', 'process']).default('auto'),
  /** How often the sweeper and the reconciler run (BullMQ job schedulers). */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** GET /metrics for Prometheus is served on this port (0: any free one). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  /** Unset: anyone who reaches METRICS_PORT may scrape; set: a bearer token (as on the API). */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** Where the product is reached: the links in emails (results_ready's report link). */
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  /** Unset: no email is sent, nor queued by the API (set it on both). smtp://user:pass@host:port */
  SMTP_URL: z.url().optional(),
  /** The From of every email. */
  MAIL_FROM: z.string().min(3).default('assess <no-reply@assess.local>'),
  /** How often the email relay queues every pending outbox row (a missed notification). */
  EMAIL_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /**
   * Seconds to wait before each retry of a webhook delivery, comma-separated: the first attempt
   * plus one per entry, then the delivery is failed. Default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h.
   */
  WEBHOOK_RETRY_DELAYS: z
    .string()
    .default('5,300,1800,7200,18000,36000')
    .transform((text, ctx) => {
      const parts = text.split(',').map((part) => part.trim())
      const delays = parts.map(Number)
      if (
        parts.length > 20 ||
        !parts.every((part) => /^\d+$/.test(part)) ||
        !delays.every((d) => Number.isSafeInteger(d) && d >= 1 && d <= 7 * 24 * 3600)
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'seconds as comma-separated positive integers (at most 20, each up to 604800)',
        })
        return z.NEVER
      }
      return delays
    }),
  /** On-premises and tests: webhooks may go to loopback and private addresses (set on the API too). */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
  /** How long one webhook attempt may take before it counts as failed. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often the webhook relay queues every due delivery (a missed notification, a retry). */
  WEBHOOK_RELAY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
})
export type WorkerEnv = z.output<typeof WorkerEnv>

/** Reads the process environment once; exits naming every bad or missing variable. */
export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = parseEnv(WorkerEnv, source)
  if (!parsed.ok) {
    console.error(parsed.message)
    process.exit(1)
  }
  return parsed.env
}
