import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../deps.ts'
import type { Logger } from '../logger.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SECRET_LOOKING = /^[A-Za-z0-9_-]{32,}$/

/**
 * The path as logged: a segment that looks like a secret (an invitation or join link's token,
 * 32+ URL-safe characters that are not a UUID) is replaced, since a log outlives the link.
 */
export function redactPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (SECRET_LOOKING.test(segment) && !UUID.test(segment) ? ':token' : segment))
    .join('/')
}

/** One child logger per request carrying its request_id, and one line per response. */
export const requestLogger = (logger: Logger) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const log = logger.child({ request_id: c.get('requestId') })
    c.set('logger', log)
    const started = performance.now()
    await next()
    const status = c.res.status
    const line = {
      method: c.req.method,
      path: redactPath(c.req.path),
      status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
    }
    if (status >= 500) log.error(line, 'request failed')
    else log.info(line, 'request')
  })
