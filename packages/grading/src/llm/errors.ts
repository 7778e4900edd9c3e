import { APICallError } from 'ai'

/** A model call failed for a reason that may pass (429, 5xx, timeout, network): retry the job. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError'
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message)
  }
}

/** The model answered, but not with what the schema asks for, even after a second try. */
export class MalformedModelOutputError extends Error {
  override name = 'MalformedModelOutputError'
}

/** Maps whatever the AI SDK threw to a grading error that says whether a retry can help. */
export function toModelError(err: unknown): ModelUnavailableError {
  if (APICallError.isInstance(err)) {
    const status = err.statusCode ? `HTTP ${err.statusCode}` : 'no response'
    return new ModelUnavailableError(
      `model call failed (${status}): ${err.message}`,
      err.isRetryable,
    )
  }
  const e = err as { name?: string; message?: string }
  const timedOut = e.name === 'AbortError' || e.name === 'TimeoutError'
  return new ModelUnavailableError(
    timedOut ? 'model call timed out' : `model call failed: ${e.message ?? String(err)}`,
    true,
  )
}

export function isMalformedOutput(err: unknown): boolean {
  const name = (err as { name?: string }).name ?? ''
  return /NoObjectGenerated|NoOutputGenerated|TypeValidation|JSONParse/.test(name)
}
