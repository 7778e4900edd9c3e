import { DomainError, ValidationError } from '@assess/core'
import { isDataException } from '@assess/db'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import type { AppEnv } from './deps.ts'

const statusByKind: Record<DomainError['kind'], ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  unavailable: 503,
  too_large: 413,
}

const codeByHttpStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
}

export function errorBody(c: Context<AppEnv>, code: string, message: string, details?: unknown) {
  return {
    error: {
      code,
      message,
      ...(details === undefined ? {} : { details }),
      request_id: c.get('requestId'),
    },
  }
}

/** The one error handler: typed domain errors keep their code, anything else is a bare 500. */
export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof DomainError) {
    const status = statusByKind[err.kind]
    const retryAfter = err.details?.retry_after_seconds
    if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter))
    return c.json(errorBody(c, err.code, err.message, err.details), status)
  }
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own 4xx: malformed JSON, wrong content type, body too large.
    const message = err.message || 'The request could not be read'
    const code = codeByHttpStatus[err.status] ?? 'bad_request'
    return c.json(errorBody(c, code, message), err.status as ContentfulStatusCode)
  }
  if (isDataException(err)) {
    // Input zod let through but Postgres cannot store (e.g. a NUL character): the client's fault.
    return c.json(
      errorBody(c, 'invalid_input', 'The request contains a value that cannot be stored'),
      400,
    )
  }
  if (err instanceof RangeError) {
    // A stack overflow or an out-of-range value on input that passed the contracts (e.g. JSON
    // nested too deep for JSON.stringify): the input's fault, logged so the contract gets fixed.
    c.get('logger').warn({ err: err.message }, 'input the contracts let through hit a RangeError')
    return c.json(
      errorBody(
        c,
        'invalid_input',
        'The request contains a value too large or too deep to process',
      ),
      400,
    )
  }
  c.get('logger').error({ err }, 'unhandled error')
  return c.json(errorBody(c, 'internal_error', 'Something went wrong on our side'), 500)
}

export function handleNotFound(c: Context<AppEnv>) {
  return c.json(errorBody(c, 'route_not_found', `No route for ${c.req.method} ${c.req.path}`), 404)
}

/** zod issues as `{ "questions.0.options": ["..."] }`: one entry per field, ready for a form. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_'
    const list = fields[key] ?? []
    list.push(issue.message)
    fields[key] = list
  }
  return fields
}

/** Used as OpenAPIHono's defaultHook: every request-validation failure becomes one 400 shape. */
export function validationHook(
  result: { success: true } | { success: false; error: z.ZodError; target: string },
) {
  if (!result.success)
    throw new ValidationError('validation_failed', 'Some fields are missing or invalid', {
      location: result.target,
      fields: fieldErrors(result.error),
    })
}
