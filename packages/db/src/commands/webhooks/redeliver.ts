import { ConflictError, NotFoundError } from '@assess/core'
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { webhookDeliveries } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { getWebhook } from './get-webhook.ts'
import { notifyWebhookDeliveries, type WebhookDeliveryRow } from './types.ts'

export const webhookInactive = () =>
  new ConflictError('webhook_inactive', 'The webhook is turned off: turn it on first')

/**
 * Sends a finished delivery again: a new delivery with the same `message_id` (the webhook-id
 * header, so receivers can deduplicate) and payload, pointing back at the original. One still
 * pending is refused (it is being retried already).
 */
export function redeliverWebhook(
  db: Db,
  actor: StaffActor,
  params: { webhookId: string; deliveryId: string },
): Promise<WebhookDeliveryRow> {
  return inTransaction(db, async (tx) => {
    const webhook = await getWebhook(tx, { ...params, orgId: actor.orgId })
    if (!webhook.active) throw webhookInactive()
    const [original] = await tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.id, params.deliveryId),
          eq(webhookDeliveries.webhookId, webhook.id),
        ),
      )
    if (!original) throw new NotFoundError('delivery_not_found', 'Delivery not found')
    if (original.status === 'pending')
      throw new ConflictError(
        'delivery_pending',
        'This delivery is still being attempted; redeliver it once it has finished',
      )
    const [copy] = await tx
      .insert(webhookDeliveries)
      .values({
        webhookId: webhook.id,
        orgId: webhook.orgId,
        messageId: original.messageId,
        eventType: original.eventType,
        payload: original.payload,
        nextAttemptAt: sql`now()`,
        redeliveryOf: original.id,
      })
      .returning()
    if (!copy) throw new Error('delivery insert returned nothing')
    await notifyWebhookDeliveries(tx, copy.eventType)
    return copy
  })
}
