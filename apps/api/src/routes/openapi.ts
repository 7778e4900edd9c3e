import { OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import type { AppEnv } from '../deps.ts'
import { validationHook } from '../errors.ts'

/** Every router is an OpenAPIHono with the same validation hook, so all 400s look alike. */
export const createRouter = () =>
  new OpenAPIHono<AppEnv>({ defaultHook: (result) => validationHook(result) })

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      request_id: z.string(),
    }),
  })
  .meta({ id: 'Error' })

const errorDescriptions = {
  400: 'Invalid input (details.fields names each bad field)',
  401: 'Missing, invalid or expired token',
  403: 'Authenticated, but not allowed',
  404: 'Not found (or not yours)',
  409: 'Conflicts with the current state',
  410: 'No longer available',
  413: 'Too large (the body, or what it would store)',
  429: 'Rate limited (see Retry-After)',
  503: 'A dependency (database, queue, code runner) is unavailable',
} as const

/** The error responses a route can give, documented with the shared error shape. */
export function errors<S extends keyof typeof errorDescriptions>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: errorDescriptions[s],
        content: { 'application/json': { schema: ErrorResponse } },
      },
    ]),
  ) as unknown as {
    [K in S]: {
      description: string
      content: { 'application/json': { schema: typeof ErrorResponse } }
    }
  }
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

/**
 * A required JSON body: a missing or non-JSON body is a 400, never an empty object. `example`
 * (typed by the schema's input) shows in the API reference.
 */
export const jsonBody = <T extends z.ZodType>(schema: T, example?: z.input<T>) => ({
  required: true,
  content: { 'application/json': { schema, ...(example !== undefined && { example }) } },
})

export const bearer = [{ bearer: [] }]

export const IdParam = z.object({ id: z.uuid() })
