import { countOpenSessions, type Db } from '@assess/db'
import { bearerMatches, collectQueueJobs, QUEUE_JOBS_GAUGE } from '@assess/queues'
import type { Queue } from 'bullmq'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { AppEnv } from './deps.ts'
import type { Logger } from './logger.ts'

export const METRICS_PATH = '/metrics'

/**
 * The API's Prometheus metrics (GET /metrics): process defaults, request durations by route
 * template, and two gauges read at scrape time (open sessions from Postgres, queued jobs from
 * Redis). Each app has its own registry, so tests can build several in one process.
 */
export function createApiMetrics(deps: {
  db: Db
  queues: readonly Queue[]
  logger: Logger
  /** METRICS_TOKEN: when set, a scrape must bring it as a bearer token. */
  token?: string | undefined
}) {
  const registry = new Registry()

  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request durations, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })

  new Gauge({
    name: 'assess_sessions_active',
    help: 'Test sessions in progress (active or paused), counted in Postgres at scrape time',
    registers: [registry],
    async collect() {
      try {
        this.set(await countOpenSessions(deps.db))
      } catch (err) {
        // A scrape still answers with the rest; the gauge keeps its last value.
        deps.logger.warn({ err: (err as Error).message }, 'metrics: could not count sessions')
      }
    },
  })

  new Gauge({
    ...QUEUE_JOBS_GAUGE,
    registers: [registry],
    async collect() {
      await collectQueueJobs(this, deps.queues, (queue, err) =>
        deps.logger.warn({ queue, err: err.message }, 'metrics: could not read queue counts'),
      )
    },
  })

  /** Times every response but the scrape itself, labelled with the route that matched. */
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.path === METRICS_PATH) return next()
    const started = performance.now()
    await next()
    requestDuration.observe(
      { method: c.req.method, route: routeTemplate(c), status: String(c.res.status) },
      (performance.now() - started) / 1000,
    )
  })

  const served = Registry.merge([processRegistry(), registry])
  async function handler(c: Context<AppEnv>) {
    if (deps.token && !bearerMatches(c.req.header('authorization'), deps.token))
      return c.text('Unauthorized', 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' })
    return c.body(await served.metrics(), 200, { 'content-type': served.contentType })
  }

  return { registry, middleware, handler }
}
export type ApiMetrics = ReturnType<typeof createApiMetrics>

let processMetrics: Registry | undefined
/** CPU, memory, event loop, GC: the process's, so collected once however many apps it builds. */
function processRegistry() {
  if (!processMetrics) {
    processMetrics = new Registry()
    collectDefaultMetrics({ register: processMetrics })
  }
  return processMetrics
}

/**
 * The template of the handler the request was routed to (`/api/assessments/:id`), never the raw
 * path, so the label's values stay few. Middleware (`app.use`) registers as ALL: the first route
 * of the request's own method is the handler. None: `unmatched` (a 404 of any path).
 */
function routeTemplate(c: Context): string {
  const handler = matchedRoutes(c).find((route) => route.method !== 'ALL')
  return handler?.path ?? 'unmatched'
}
