import type { LiveSubscription } from '@assess/live'
import type { SSEStreamingApi } from 'hono/streaming'
import type { Logger } from '../../logger.ts'
import { liveEventView } from './views.ts'

/**
 * Copies a subscription's entries to the SSE response until either side ends: the client
 * disconnects (the subscription closes, which cuts its pending XREAD short), or Redis fails
 * (the stream ends; the client reconnects with Last-Event-ID and loses nothing). A comment
 * every `heartbeatMs` keeps proxies from closing a quiet stream; before each one, `stillAllowed`
 * asks whether the listener may still listen (a deactivated user's stream ends there).
 */
export async function pumpLiveEvents(
  sse: SSEStreamingApi,
  subscription: LiveSubscription,
  options: { heartbeatMs: number; logger: Logger; stillAllowed: () => Promise<boolean> },
) {
  sse.onAbort(() => subscription.close())
  try {
    // Sent at once, so proxies and clients see the stream open before the first event.
    await sse.write(': connected\n\n')
    let heartbeatAt = Date.now() + options.heartbeatMs
    while (!subscription.closed && !sse.aborted) {
      const entries = await subscription.next(heartbeatAt - Date.now())
      for (const entry of entries) await sse.writeSSE(liveEventView(entry))
      if (Date.now() >= heartbeatAt) {
        if (!(await options.stillAllowed())) break
        await sse.write(': heartbeat\n\n')
        heartbeatAt = Date.now() + options.heartbeatMs
      }
    }
  } catch (err) {
    if (!subscription.closed)
      options.logger.warn(
        { err: (err as Error).message },
        'live stream ended: Redis or Postgres failed',
      )
  } finally {
    subscription.close()
  }
}
