import type { WebhookDeliveryView, WebhookView } from '@assess/core'
import type { DeliveryWithAttempts, WebhookDeliveryRow, WebhookRow } from '@assess/db'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export const webhookView = (w: WebhookRow): WebhookView => ({
  id: w.id,
  url: w.url,
  events: w.events,
  description: w.description,
  active: w.active,
  disabled_reason: w.disabledReason,
  created_at: w.createdAt.toISOString(),
  updated_at: w.updatedAt.toISOString(),
})

export const deliveryView = (
  d: WebhookDeliveryRow & Partial<Pick<DeliveryWithAttempts, 'attemptLog'>>,
): WebhookDeliveryView => ({
  id: d.id,
  webhook_id: d.webhookId,
  message_id: d.messageId,
  event_type: d.eventType,
  status: d.status as WebhookDeliveryView['status'],
  attempt_count: d.attempts,
  next_attempt_at: iso(d.nextAttemptAt),
  redelivery_of: d.redeliveryOf,
  completed_at: iso(d.completedAt),
  created_at: d.createdAt.toISOString(),
  payload: d.payload as Record<string, unknown>,
  attempts: (d.attemptLog ?? []).map((a) => ({
    attempt: a.attempt,
    at: a.at.toISOString(),
    status_code: a.statusCode,
    duration_ms: a.durationMs,
    error: a.error,
    response_excerpt: a.responseExcerpt,
  })),
})
