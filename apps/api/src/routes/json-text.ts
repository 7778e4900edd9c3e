import type { Context, TypedResponse } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { JSONParsed } from 'hono/utils/types'
import { acceptsGzip, gzipJson } from '../middleware/compress-json.ts'

/** A JSON text, typed by the value it encodes. */
export type Json<T> = string & { readonly encodes: T }

/**
 * Sends JSON text serialized already, typed (for the route's schema) as `c.json` of its value,
 * and compressed here as compressJson would (without reading the body back from a Response).
 */
export function sendJson<T, S extends ContentfulStatusCode>(c: Context, json: Json<T>, status: S) {
  const headers = new Headers({ 'content-type': 'application/json' })
  const body = acceptsGzip(c.req.header('accept-encoding')) ? gzipJson(json, headers) : json
  return c.body(body, { status, headers }) as unknown as Response &
    TypedResponse<JSONParsed<T>, S, 'json'>
}
