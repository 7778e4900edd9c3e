import { ForbiddenError } from '@assess/core'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../deps.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * Refuses (403) any request that may change something unless it comes from this site's own
 * pages. Basic credentials are cached by the browser and sent with any request to the origin,
 * a cross-site form's included, and bull-board reads every body as JSON whatever its content
 * type: without this a page elsewhere could add, retry or remove jobs with the operator's
 * credentials. Sec-Fetch-Site (set by the browser, never by a page) decides when present;
 * otherwise Origin must be this API's (PUBLIC_URL's, or the request's own); neither: refused.
 * A body must be declared JSON, which a form cannot do without a (refused) CORS preflight.
 */
export function sameOriginOnly(publicUrl: string): MiddlewareHandler<AppEnv> {
  const publicOrigin = originOf(publicUrl)
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next()
    const refusal = refusalOf(c.req.raw, publicOrigin)
    if (refusal) throw new ForbiddenError('cross_origin_request', refusal)
    await next()
  }
}

function refusalOf(req: Request, publicOrigin: string | null): string | null {
  const site = req.headers.get('sec-fetch-site')
  const origin = req.headers.get('origin')
  if (site !== null) {
    if (site !== 'same-origin') return 'Changes are only accepted from the dashboard itself'
  } else if (origin === null) {
    return 'Changes need an Origin or Sec-Fetch-Site header'
  } else if (origin !== publicOrigin && origin !== originOf(req.url)) {
    return 'Changes are only accepted from the dashboard itself'
  }
  const hasBody = req.body !== null && req.headers.get('content-length') !== '0'
  if (hasBody && mediaTypeOf(req.headers.get('content-type')) !== 'application/json')
    return 'A request body must be application/json'
  return null
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

const mediaTypeOf = (contentType: string | null) =>
  contentType?.split(';')[0]?.trim().toLowerCase() ?? null
