import type { AnswerQueue, Database } from '@assess/db'
import type { LivePublisher, LiveReader } from '@assess/live'
import type { CodeRunClient, ProductQueues } from '@assess/queues'
import type Redis from 'ioredis'
import type { CandidatePrincipal, Principal, StaffPrincipal } from './auth/principal.ts'
import type { TokenService } from './auth/tokens.ts'
import type { Logger } from './logger.ts'
import type { TrustProxy } from './middleware/trust-proxy.ts'
import type { BackoffRule, RateLimiter } from './rate-limit.ts'
import type { RunSlots } from './run-slots.ts'

export interface AppConfig {
  publicUrl: string
  allowSignup: boolean
  bodyLimitBytes: number
  /**
   * Sign-up and login attempts per source address (a fixed window), and growing delays per
   * account *and* address: a stranger guessing a password slows down only their own address,
   * so the owner can still sign in from theirs.
   */
  loginRateLimit: { perIp: number; windowMs: number; perAccountAndAddress: BackoffRule }
  /** "Run sample tests" per session: code runs cost a child process each. */
  sampleRunRateLimit: { limit: number; windowMs: number }
  /** How long a request waits for a worker to run code before a 503. */
  codeRunTimeoutMs: number
  /** The built SPA (apps/web/dist) to serve, when present. */
  webDistDir?: string | undefined
  /** GET /api/live: a `: heartbeat` comment this often keeps proxies from closing the stream. */
  live: { heartbeatMs: number }
  /** Whether emails are queued at all (SMTP_URL set); when not, responses say so. */
  mail: { enabled: boolean }
  /**
   * Webhook URLs: private and loopback addresses refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS;
   * https required in production unless that is set.
   */
  webhooks: { allowPrivateNetworks: boolean; requireHttps: boolean }
  /** METRICS_TOKEN: when set, GET /metrics wants it as a bearer token. */
  metricsToken?: string | undefined
  /** OPS_USERNAME / OPS_PASSWORD: the queue dashboard at /admin/queues; unset, it is off. */
  ops?: { username: string; password: string } | undefined
  /** Whose X-Forwarded-For gives the client's address (TRUST_PROXY); none: the socket's. */
  trustProxy: TrustProxy
}

/** Everything a request needs, built once by main.ts (or by a test with real services). */
export interface AppDeps {
  db: Database
  redis: Redis
  logger: Logger
  tokens: TokenService
  rateLimiter: RateLimiter
  /** Where stored answers are queued for grading (BullMQ `grading`). */
  queue: AnswerQueue
  /** Every product queue, to look at: GET /metrics's job counts, the ops queue dashboard. */
  productQueues: ProductQueues
  /** Runs code on a worker and awaits the result (sample runs, sample solutions at publish). */
  codeRuns: CodeRunClient
  /** The deployment-wide cap on sample runs at once. */
  runSlots: RunSlots
  /** Live monitoring: session events to the organization's Redis stream (best-effort). */
  live: LivePublisher
  /** Live monitoring's stream clients, each on a Redis connection of its own (bounded). */
  liveReader: LiveReader
  /** The server clock; tests pass a controllable one. */
  now: () => Date
  config: AppConfig
}

export interface AppEnv {
  Variables: {
    requestId: string
    logger: Logger
    staff: StaffPrincipal
    candidate: CandidatePrincipal
    principal: Principal
  }
}
