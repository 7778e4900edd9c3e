import type { Context, TypedResponse } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { JSONParsed } from 'hono/utils/types'

/** A JSON text, typed by the value it encodes. */
export type Json<T> = string & { readonly encodes: T }

/** Sends JSON text serialized already, typed (for the route's schema) as `c.json` of its value. */
export function sendJson<T, S extends ContentfulStatusCode>(c: Context, json: Json<T>, status: S) {
  return c.body(json, status, { 'content-type': 'application/json' }) as unknown as Response &
    TypedResponse<JSONParsed<T>, S, 'json'>
}
