import { getTableColumns, type SQL, sql } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { type webhookAttempts, type webhookDeliveries, webhooks } from '../../schema/index.ts'

/** An endpoint without its secret: what every staff-facing command returns. */
export type WebhookRow = Omit<typeof webhooks.$inferSelect, 'secret'>
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect
export type WebhookAttemptRow = typeof webhookAttempts.$inferSelect

const { secret: _secret, ...withoutSecret } = getTableColumns(webhooks)
/** The columns to select or return: the secret never leaves the database after creation. */
export const webhookColumns = withoutSecret

/** Wakes the worker's relay when the transaction commits (as the triggers of 0007 do). */
export const notifyWebhookDeliveries = (tx: Transaction, eventType: string) =>
  tx.execute(sql`SELECT pg_notify('webhook_deliveries', ${eventType})` as SQL)

/** The `webhook-id` of a new message, in the triggers' format. */
export const newMessageId = () => `msg_${crypto.randomUUID().replaceAll('-', '')}`
