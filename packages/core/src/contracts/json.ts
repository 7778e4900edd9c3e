import { z } from 'zod'

/** Deeper than any real test case or event payload; shallow enough to stringify on any stack. */
export const MAX_JSON_DEPTH = 32

/**
 * Whether a parsed JSON value nests deeper than `max` arrays/objects. Iterative: a recursive
 * walk is the very stack overflow this guards against.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item
    if (node === null || typeof node !== 'object') continue
    if (depth >= max) return true
    for (const child of Array.isArray(node) ? node : Object.values(node))
      stack.push([child, depth + 1])
  }
  return false
}

const depthMessage = `nested deeper than ${MAX_JSON_DEPTH} levels`

/** Any JSON value (bodies arrive parsed), nested at most MAX_JSON_DEPTH levels. */
// (z.json() is recursive and sends the OpenAPI generator into an endless loop.)
export const JsonValue = z
  .unknown()
  .refine((v) => v !== undefined, 'required')
  .refine((v) => !nestsDeeperThan(v, MAX_JSON_DEPTH), depthMessage)
  .meta({ description: `Any JSON value, nested at most ${MAX_JSON_DEPTH} levels` })

/** A JSON object of free-form fields (e.g. an event's data), nested at most MAX_JSON_DEPTH levels. */
export const JsonObject = z
  .record(z.string(), z.unknown())
  .refine((v) => !nestsDeeperThan(v, MAX_JSON_DEPTH), depthMessage)
