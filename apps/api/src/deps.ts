import type { AnswerQueue, Database } from '@assess/db'
import type Redis from 'ioredis'
import type { CandidatePrincipal, Principal, StaffPrincipal } from './auth/principal.ts'
import type { TokenService } from './auth/tokens.ts'
import type { Logger } from './logger.ts'
import type { RateLimiter } from './rate-limit.ts'

export interface AppConfig {
  publicUrl: string
  allowSignup: boolean
  bodyLimitBytes: number
  loginRateLimit: { perEmail: number; perIp: number; windowMs: number }
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
