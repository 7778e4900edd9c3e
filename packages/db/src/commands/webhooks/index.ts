/** Webhook endpoints, deliveries and attempts (issue 13: Webhooks). */
export { createWebhook } from './create-webhook.ts'
export { deleteWebhook } from './delete-webhook.ts'
export {
  type AttemptOutcome,
  DISABLED_BY_GONE,
  type DueDelivery,
  dueWebhookDeliveries,
  loadDeliveryForSending,
  markWebhookAttemptsQueued,
  recordWebhookAttempt,
} from './deliver-commands.ts'
export { getWebhook } from './get-webhook.ts'
export { type DeliveryWithAttempts, listWebhookDeliveries } from './list-deliveries.ts'
export { listWebhooks } from './list-webhooks.ts'
export { pingWebhook } from './ping-webhook.ts'
export { redeliverWebhook } from './redeliver.ts'
export type { WebhookAttemptRow, WebhookDeliveryRow, WebhookRow } from './types.ts'
export { DISABLED_BY_ADMIN, updateWebhook } from './update-webhook.ts'
