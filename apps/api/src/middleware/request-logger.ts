import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../deps.ts'
import type { Logger } from '../logger.ts'

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
      path: c.req.path,
      status,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
    }
    if (status >= 500) log.error(line, 'request failed')
    else log.info(line, 'request')
  })
