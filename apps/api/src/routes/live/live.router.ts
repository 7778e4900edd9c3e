import { checkLiveScope, readStaffStanding } from '@assess/db'
import type { Context } from 'hono'
import { getBunServer } from 'hono/bun'
import { streamSSE } from 'hono/streaming'
import type { AppDeps, AppEnv } from '../../deps.ts'
import { requireStaff } from '../../middleware/auth.ts'
import { createRouter } from '../openapi.ts'
import * as routes from './live.routes.ts'
import { pumpLiveEvents } from './pump.ts'

/** setTimeout's longest delay (about 24.8 days); a token never lives that long. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** GET /api/live: the organization's session events as Server-Sent Events. */
export function createLiveRouter(deps: AppDeps) {
  const staffOnly = { middleware: [requireStaff(deps)] }
  return createRouter().openapi({ ...routes.stream, ...staffOnly }, async (c) => {
    const { assessment_id: assessmentId } = c.req.valid('query')
    const after = c.req.valid('header')['last-event-id']
    const { orgId, userId, expiresAtMs } = c.get('staff')
    await checkLiveScope(deps.db, { orgId, assessmentId })
    // Subscribed before the response starts: once the client has the headers, nothing it
    // does next can be missed (and a Redis outage is a plain 503 instead of a dead stream).
    const subscription = await deps.liveReader.open({ orgId, after, assessmentId })
    // The stream ends when the token does: the client reconnects with a fresh one (or cannot).
    const expiry = setTimeout(
      () => subscription.close(),
      Math.min(MAX_TIMER_MS, Math.max(0, expiresAtMs - deps.now().getTime())),
    )
    c.req.raw.signal.addEventListener('abort', () => {
      clearTimeout(expiry)
      subscription.close()
    })
    keepConnectionOpen(c)
    c.header('X-Accel-Buffering', 'no') // nginx: pass each event on as it comes
    return streamSSE(c, (sse) =>
      pumpLiveEvents(sse, subscription, {
        heartbeatMs: deps.config.live.heartbeatMs,
        logger: c.get('logger'),
        // The middleware checked the user once; a stream lives for hours, so it asks again.
        stillAllowed: async () => {
          const standing = await readStaffStanding(deps.db, { userId, orgId })
          return standing !== null && !standing.deactivated
        },
      }).finally(() => clearTimeout(expiry)),
    )
  })
}

/**
 * Bun closes a connection that sends nothing for `idleTimeout` (10 s by default), shorter than
 * the heartbeat: this response is exempt. The heartbeat still finds a client gone silently.
 */
function keepConnectionOpen(c: Context<AppEnv>) {
  try {
    const server = getBunServer<{ timeout?: (request: Request, seconds: number) => void }>(c)
    server?.timeout?.(c.req.raw, 0)
  } catch {
    // app.request() in tests has no server
  }
}
