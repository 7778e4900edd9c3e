import { z } from 'zod'

/** The events an endpoint can subscribe to (`ping`, sent by the test button, is not one). */
export const WEBHOOK_EVENT_TYPES = [
  'invitation.accepted',
  'session.started',
  'session.completed',
  'session.summarized',
] as const
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES)
export type WebhookEventType = z.infer<typeof WebhookEventType>

const WebhookUrl = z.string().trim().min(1).max(2000)
const Events = z
  .array(WebhookEventType)
  .min(1)
  .max(10)
  // Stored once each, in the order given.
  .transform((events) => [...new Set(events)])

export const WebhookCreateInput = z.object({
  url: WebhookUrl,
  events: Events,
  description: z.string().trim().max(500).optional(),
})
export type WebhookCreateInput = z.infer<typeof WebhookCreateInput>

export const WebhookUpdateInput = z
  .object({
    url: WebhookUrl.optional(),
    events: Events.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    /** false turns the endpoint off; true turns it back on (clearing disabled_reason). */
    active: z.boolean().optional(),
  })
  .refine((input) => Object.values(input).some((v) => v !== undefined), {
    message: 'give at least one of url, events, description, active',
  })
export type WebhookUpdateInput = z.infer<typeof WebhookUpdateInput>

/** An endpoint as the API shows it: never its secret (shown once, at creation). */
export const WebhookView = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    active: z.boolean(),
    disabled_reason: z.string().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'Webhook' })
export type WebhookView = z.infer<typeof WebhookView>

export const WebhookAttemptView = z.object({
  attempt: z.number().int(),
  at: z.iso.datetime(),
  status_code: z.number().int().nullable(),
  duration_ms: z.number().int(),
  error: z.string().nullable(),
  response_excerpt: z.string().nullable(),
})

export const WebhookDeliveryView = z
  .object({
    id: z.uuid(),
    webhook_id: z.uuid(),
    /** The `webhook-id` header: the same on every attempt and every redelivery. */
    message_id: z.string(),
    event_type: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempt_count: z.number().int(),
    next_attempt_at: z.iso.datetime().nullable(),
    redelivery_of: z.uuid().nullable(),
    completed_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    payload: z.record(z.string(), z.unknown()),
    /** Every HTTP attempt, first to last. */
    attempts: z.array(WebhookAttemptView),
  })
  .meta({ id: 'WebhookDelivery' })
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>
