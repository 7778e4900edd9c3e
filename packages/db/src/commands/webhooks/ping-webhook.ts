import { sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { webhookDeliveries } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { getWebhook } from './get-webhook.ts'
import { webhookInactive } from './redeliver.ts'
import { newMessageId, notifyWebhookDeliveries, type WebhookDeliveryRow } from './types.ts'

/**
 * A `ping` to one endpoint (the "send a test" button), whatever it subscribes to: delivered,
 * signed, retried and logged like any event. Body `{ type: 'ping', timestamp, data: { webhook_id } }`.
 */
export function pingWebhook(
  db: Db,
  actor: StaffActor,
  params: { webhookId: string; now: Date },
): Promise<WebhookDeliveryRow> {
  return inTransaction(db, async (tx) => {
    const webhook = await getWebhook(tx, { ...params, orgId: actor.orgId })
    if (!webhook.active) throw webhookInactive()
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        webhookId: webhook.id,
        orgId: webhook.orgId,
        messageId: newMessageId(),
        eventType: 'ping',
        payload: {
          type: 'ping',
          timestamp: params.now.toISOString(),
          data: { webhook_id: webhook.id },
        },
        nextAttemptAt: sql`now()`, // the database's clock, as the triggers and the relay use
      })
      .returning()
    if (!delivery) throw new Error('delivery insert returned nothing')
    await notifyWebhookDeliveries(tx, 'ping')
    return delivery
  })
}
