import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, timestamps, tstz } from './columns.ts'
import { organizations } from './organizations.ts'
import { users } from './users.ts'

/** An organization's endpoint for events (Standard Webhooks). Admins manage them. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** Event types it receives, e.g. {session.completed}. */
    events: text('events').array().notNull(),
    description: text('description'),
    /** `whsec_<base64>`: shown once at creation, used to sign every delivery, never returned. */
    secret: text('secret').notNull(),
    /** False when an admin turned it off or the endpoint answered 410 Gone. */
    active: boolean('active').notNull().default(true),
    disabledReason: text('disabled_reason'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    check('webhooks_events_not_empty', sql`cardinality(${t.events}) > 0`),
    index('webhooks_org_idx').on(t.orgId),
  ],
)

/**
 * One message to one endpoint: written by the triggers of migration 0007 in the transaction of
 * the change it reports (so no path that starts or ends a session can forget one), relayed to
 * the `webhooks` queue by the worker, retried on a schedule. A redelivery is a new row with the
 * same `message_id` (the `webhook-id` header) and payload, so receivers can deduplicate.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The body, `{ type, timestamp, data }`, fixed when the event happened. */
    payload: jsonb('payload').notNull(),
    /** pending → succeeded, or failed after the last retry (or when the endpoint is disabled). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at'),
    /**
     * The attempt last handed to the queue (by the relay): a pass skips rows whose next attempt
     * is already queued, so a backlog is not queued again on every pass.
     */
    queuedAttempt: integer('queued_attempt'),
    redeliveryOf: uuid('redelivery_of'),
    completedAt: tstz('completed_at'),
    ...timestamps(),
  },
  (t) => [
    check('webhook_deliveries_status', sql`${t.status} IN ('pending', 'succeeded', 'failed')`),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt.desc()),
  ],
)

/** Each HTTP attempt of a delivery: what the endpoint answered, or why it could not. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: id(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: tstz('at').notNull().default(sql`now()`),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    /** The first bytes of the response body, for debugging an endpoint. */
    responseExcerpt: text('response_excerpt'),
  },
  (t) => [uniqueIndex('webhook_attempts_delivery_attempt_key').on(t.deliveryId, t.attempt)],
)
