import { envFields, parseEnv } from '@assess/core'
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
   * Grading jobs one worker runs at once. Code runs, which need a core each, are capped apart
   * by SANDBOX_CONCURRENCY; raising this helps when jobs wait on a model (measured: not for MCQ).
   */
  GRADING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
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
  /** auto: bubblewrap when it works here, else plain child processes (Python then refused). */
  SANDBOX_ISOLATION: z.enum(['auto', 'bwrap', 'process']).default('auto'),
  /** How often the sweeper and the reconciler run (BullMQ job schedulers). */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
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
