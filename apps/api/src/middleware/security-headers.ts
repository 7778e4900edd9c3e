import type { MiddlewareHandler } from 'hono'
import { NONCE, secureHeaders } from 'hono/secure-headers'

/** Where the API reference lives, and its script (from the pinned package, never a CDN). */
export const DOCS_PATH = '/api/docs'
export const DOCS_SCRIPT_PATH = '/api/docs/scalar.js'

/**
 * Security headers on every response. The Content-Security-Policy allows only our own scripts:
 * the SPA's bundle, and on the API reference its pinned bundle plus the one inline script that
 * starts it (by nonce). Styles may be inline (CodeMirror and the reference inject theirs).
 * Frames: none, ours or anyone's. Referrer: none, so an invitation link's token never leaves
 * in a Referer header. The queue dashboard (ops, behind its own login) is a third-party page
 * with inline scripts: `inlineScriptsUnder` lets them run there.
 */
export function securityHeaders(options: { inlineScriptsUnder?: string }): MiddlewareHandler {
  const extraScripts = (c: Parameters<MiddlewareHandler>[0], directive: string) => {
    if (c.req.path === DOCS_PATH) return NONCE(c, directive)
    const prefix = options.inlineScriptsUnder
    if (prefix && (c.req.path === prefix || c.req.path.startsWith(`${prefix}/`)))
      return "'unsafe-inline'"
    return ''
  }
  return secureHeaders({
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    // Plain http in development and tests; behind TLS in production (a proxy may set it too).
    strictTransportSecurity: 'max-age=31536000',
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", extraScripts],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  })
}
