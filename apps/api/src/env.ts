import { availableParallelism } from 'node:os'
import { booleanFromEnv, envFields, parseEnv } from '@assess/core'
import { z } from 'zod'
import { parseTrustProxy } from './middleware/trust-proxy.ts'

// Only for local runs: production (NODE_ENV=production) must set its own JWT_SECRET.
const DEV_JWT_SECRET = 'local-development-secret-change-me-0123456789'

export const ApiEnv = z
  .object({
    ...envFields,
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    ALLOW_SIGNUP: booleanFromEnv.default(true),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_JWKS_URL: z.url().optional(),
    JWT_ISSUER: z.string().min(1).default('assess'),
    JWT_AUDIENCE: z.string().min(1).default('assess-api'),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: z.url().optional(),
    /**
     * Unset: no email is sent (invitation responses carry the link to copy, as without mail).
     * Set on the API and the worker alike: the API queues emails, the worker sends them.
     */
    SMTP_URL: z.url().optional(),
    /**
     * On-premises and tests: webhook URLs may point at loopback and private addresses, and use
     * plain http in production (set it on the worker too, which checks again at delivery).
     */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
    /**
     * Unset: the client is the socket's address (X-Forwarded-For ignored). Behind a reverse
     * proxy: how many proxies (`1`) or their addresses (`10.0.0.0/8,loopback`); see TrustProxy.
     */
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const parsed = parseTrustProxy(value)
        if (parsed.ok) return parsed.rule
        ctx.addIssue({ code: 'custom', message: parsed.message })
        return z.NEVER
      }),
    /** GET /metrics: unset, anyone who reaches the port may scrape; set, a bearer token. */
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    /** Both set: the queue dashboard at /admin/queues, behind HTTP basic auth; else it is off. */
    OPS_USERNAME: z.string().min(1).optional(),
    OPS_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
    /** The built SPA to serve (bun run build); nothing is served when it does not exist. */
    WEB_DIST_DIR: z
      .string()
      .min(1)
      .default(new URL('../../web/dist', import.meta.url).pathname),
    /**
     * How long "Run sample tests" (and the sample-solution check at publish) waits for a worker
     * to run the code: the API runs none itself. Past it, a 503.
     */
    CODE_RUN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(240_000).default(90_000),
    SAMPLE_RUNS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(10),
    /**
     * Sample runs at once across the whole deployment (every API process, through Redis);
     * past it a run gets 503 with Retry-After. Default: this machine's CPU cores.
     */
    SAMPLE_RUNS_MAX_CONCURRENT: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(availableParallelism()),
  })
  .transform((env, ctx) => {
    const secret = env.JWT_SECRET ?? (env.NODE_ENV === 'production' ? undefined : DEV_JWT_SECRET)
    if (!secret)
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'required in production: it signs staff and candidate tokens',
      })
    if ((env.OPS_USERNAME === undefined) !== (env.OPS_PASSWORD === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [env.OPS_USERNAME === undefined ? 'OPS_USERNAME' : 'OPS_PASSWORD'],
        message: 'set OPS_USERNAME and OPS_PASSWORD together (the queue dashboard needs both)',
      })
    return { ...env, JWT_SECRET: secret ?? '' }
  })
export type ApiEnv = z.output<typeof ApiEnv>

/** Reads the process environment once; exits naming every bad or missing variable. */
export function loadApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const parsed = parseEnv(ApiEnv, source)
  if (!parsed.ok) {
    console.error(parsed.message)
    process.exit(1)
  }
  return parsed.env
}
