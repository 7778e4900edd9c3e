import type { Context } from 'hono'
import { getConnInfo } from 'hono/bun'

/** The socket's address (no X-Forwarded-For trust: put a rate limit at the proxy if there is one). */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown' // app.request() in tests has no socket
  }
}
