/** Webhooks: signing (Standard Webhooks), the SSRF guard, delivery over HTTP. */
export { renderWebhookBody, type WebhookPayload } from './body.ts'
export { type AttemptResult, DEFAULT_TIMEOUT_MS, postWebhook, postWebhookToAny } from './deliver.ts'
export {
  newWebhookSecret,
  SECRET_PREFIX,
  type SignatureHeaders,
  secretKey,
  signatureHeaders,
} from './sign.ts'
export {
  type AddressClass,
  checkWebhookUrl,
  classifyAddress,
  isPublicAddress,
  type Lookup,
  type UrlCheck,
  type UrlCheckOptions,
} from './ssrf.ts'
