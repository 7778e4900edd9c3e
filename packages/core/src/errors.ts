/**
 * Typed domain errors. Domain code throws these; the API maps each class to an HTTP status in
 * one place, so a rule never has to know about HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly kind:
    | 'invalid'
    | 'unauthorized'
    | 'forbidden'
    | 'not_found'
    | 'conflict'
    | 'gone'
    | 'rate_limited'
    | 'unavailable'
    | 'too_large'

  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'invalid'
}
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized'
}
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden'
}
export class NotFoundError extends DomainError {
  readonly kind = 'not_found'
}
export class ConflictError extends DomainError {
  readonly kind = 'conflict'
}
/** The thing existed but is no longer usable (an expired or revoked invitation). */
export class GoneError extends DomainError {
  readonly kind = 'gone'
}
export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited'
}
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable'
}
/** Something stored would pass its size limit (413). */
export class TooLargeError extends DomainError {
  readonly kind = 'too_large'
}
export class PayloadTooLargeError extends DomainError {
  readonly kind = 'too_large'
  constructor(maxBytes: number) {
    super('payload_too_large', `The request body is larger than ${maxBytes} bytes`, {
      max_bytes: maxBytes,
    })
  }
}
