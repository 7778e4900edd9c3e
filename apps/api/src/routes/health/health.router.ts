import { pingDatabase } from '@assess/db'
import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import { createRouter, json } from '../openapi.ts'

const CHECK_TIMEOUT_MS = 2000
const Readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ postgres: z.enum(['ok', 'down']), redis: z.enum(['ok', 'down']) }),
})

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['ops'],
  summary: 'Liveness: the process answers',
  description:
    "Public, no database or Redis call: 200 while the process serves requests. For an orchestrator's liveness probe; a failing dependency shows in /readyz instead.",
  responses: { 200: json(z.object({ status: z.literal('ok') }), 'Alive') },
})

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['ops'],
  summary: 'Readiness: Postgres and Redis answer',
  description:
    'Public: pings Postgres and Redis and says which answered. 503 while either is down, so a load balancer sends no traffic to an instance that cannot serve it. Safe to poll.',
  responses: { 200: json(Readiness, 'Ready'), 503: json(Readiness, 'A dependency is down') },
})

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'down'> {
  let timer: Timer | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)
  })
  try {
    await Promise.race([check(), timeout])
    return 'ok'
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

export function createHealthRouter(deps: AppDeps) {
  return createRouter()
    .openapi(healthz, (c) => c.json({ status: 'ok' }, 200))
    .openapi(readyz, async (c) => {
      const [postgres, redis] = await Promise.all([
        probe(() => pingDatabase(deps.db)),
        probe(() => deps.redis.ping()),
      ])
      const ready = postgres === 'ok' && redis === 'ok'
      const body = {
        status: ready ? ('ok' as const) : ('unavailable' as const),
        checks: { postgres, redis },
      }
      return ready ? c.json(body, 200) : c.json(body, 503)
    })
}
