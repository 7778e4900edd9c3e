import { z } from 'zod'

/** Environment fields shared by every process; each process composes its own schema from them. */
export const envFields = {
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/assess'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** Namespaces every Redis key (queues, rate limits) so several deployments or test runs share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('assess'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
}

export const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v))

export type EnvResult<T> = { ok: true; env: T } | { ok: false; message: string }

/** Parses an environment and, on failure, names every bad or missing variable in one message. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): EnvResult<z.output<S>> {
  // An empty string means "unset" here, as it does in docker-compose's ${VAR:-} defaults.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
  const result = schema.safeParse(cleaned)
  if (result.success) return { ok: true, env: result.data }
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)'
    const received = cleaned[String(issue.path[0])] === undefined ? ' (missing)' : ''
    return `  - ${name}${received}: ${issue.message}`
  })
  return { ok: false, message: `Invalid environment:\n${lines.join('\n')}` }
}
