import type { Context } from 'hono'
import { getConnInfo } from 'hono/bun'
import { resolveClientIp, type TrustProxy } from './trust-proxy.ts'

/**
 * The client's address for rate limits and the session record: the socket's, or, behind proxies
 * TRUST_PROXY names, the one they forwarded (see TrustProxy). 'unknown' when there is no socket.
 */
export function clientIp(c: Context, trust: TrustProxy): string {
  let socketAddress: string | undefined
  try {
    socketAddress = getConnInfo(c).remote.address
  } catch {
    // app.request() in tests has no socket
  }
  return resolveClientIp(trust, socketAddress, c.req.header('x-forwarded-for')) ?? 'unknown'
}
