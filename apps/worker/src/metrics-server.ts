import { bearerMatches, collectQueueJobs, QUEUE_JOBS_GAUGE } from '@assess/queues'
import type { Queue } from 'bullmq'
import type { Logger } from 'pino'
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import { workerRegistry } from './metrics.ts'

/**
 * GET /metrics for Prometheus on its own port (METRICS_PORT): the worker's counters
 * (metrics.ts), the process defaults, and every queue's job counts read at scrape time. With a
 * token (METRICS_TOKEN) a scrape must bring it as a bearer token. Port 0 picks a free one.
 */
export function startMetricsServer(options: {
  port: number
  hostname?: string
  token?: string | undefined
  queues: readonly Queue[]
  logger: Logger
}) {
  // The queue gauge reads this server's queues, so it is the server's own: the counters' registry
  // is a module singleton, and a second server in one process (tests) must not register twice.
  const own = new Registry()
  new Gauge({
    ...QUEUE_JOBS_GAUGE,
    registers: [own],
    async collect() {
      await collectQueueJobs(this, options.queues, (queue, err) =>
        options.logger.warn({ queue, err: err.message }, 'metrics: could not read queue counts'),
      )
    },
  })
  const registry = Registry.merge([processRegistry(), workerRegistry, own])

  const server = Bun.serve({
    port: options.port,
    ...(options.hostname ? { hostname: options.hostname } : {}),
    async fetch(req) {
      const { pathname } = new URL(req.url)
      if (pathname !== '/metrics') return new Response('Not found', { status: 404 })
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } })
      if (options.token && !bearerMatches(req.headers.get('authorization'), options.token))
        return new Response('Unauthorized', {
          status: 401,
          headers: { 'www-authenticate': 'Bearer realm="metrics"' },
        })
      try {
        return new Response(await registry.metrics(), {
          headers: { 'content-type': registry.contentType },
        })
      } catch (err) {
        options.logger.error({ err: (err as Error).message }, 'metrics: scrape failed')
        return new Response('Metrics unavailable', { status: 500 })
      }
    },
  })
  return {
    port: server.port as number,
    async stop() {
      await server.stop(true)
    },
  }
}

let processMetrics: Registry | undefined
/** CPU, memory, event loop, GC: the process's, collected once. */
function processRegistry() {
  if (!processMetrics) {
    processMetrics = new Registry()
    collectDefaultMetrics({ register: processMetrics })
  }
  return processMetrics
}
