import { createHmac, randomBytes } from 'node:crypto'

/** Standard Webhooks' secret prefix: `whsec_` then the base64 of the key bytes. */
export const SECRET_PREFIX = 'whsec_'

/** A new endpoint secret: 32 random bytes (the spec asks for 24 to 64). */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`
}

/** The key bytes a secret stands for (the base64 after the prefix). */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  const key = Buffer.from(encoded, 'base64')
  if (key.length === 0) throw new Error('a webhook secret must not be empty')
  return key
}

export interface SignatureHeaders {
  'webhook-id': string
  'webhook-timestamp': string
  'webhook-signature': string
}

/**
 * The three headers of a signed message, as the Standard Webhooks specification defines them:
 * `v1,` then the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` under the secret's key bytes.
 * The body must be signed exactly as it is sent (the same string, byte for byte).
 */
export function signatureHeaders(
  secret: string,
  msgId: string,
  timestampSeconds: number,
  body: string,
): SignatureHeaders {
  const timestamp = String(Math.floor(timestampSeconds))
  const signature = createHmac('sha256', secretKey(secret))
    .update(`${msgId}.${timestamp}.${body}`)
    .digest('base64')
  return {
    'webhook-id': msgId,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  }
}
