import { envFields, parseEnv } from '@assess/core'
import { z } from 'zod'

export const WorkerEnv = z.object({
  ...envFields,
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
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
