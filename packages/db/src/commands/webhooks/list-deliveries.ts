import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { afterCursor, cursorTimestamp, encodeCursor } from '../../cursor.ts'
import { webhookAttempts, webhookDeliveries } from '../../schema/index.ts'
import { getWebhook } from './get-webhook.ts'
import type { WebhookAttemptRow, WebhookDeliveryRow } from './types.ts'

export type DeliveryWithAttempts = WebhookDeliveryRow & { attemptLog: WebhookAttemptRow[] }

/** An endpoint's deliveries, newest first, each with its attempts (first to last). */
export async function listWebhookDeliveries(
  db: Db,
  params: { orgId: string; webhookId: string; limit: number; cursor?: string | undefined },
): Promise<{ items: DeliveryWithAttempts[]; nextCursor: string | null }> {
  await getWebhook(db, params) // 404 for another organization's endpoint
  const filters: SQL[] = [eq(webhookDeliveries.webhookId, params.webhookId)]
  if (params.cursor)
    filters.push(afterCursor(webhookDeliveries.createdAt, webhookDeliveries.id, params.cursor))
  const rows = await db
    .select({ delivery: webhookDeliveries, cursorAt: cursorTimestamp(webhookDeliveries.createdAt) })
    .from(webhookDeliveries)
    .where(and(...filters))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(params.limit + 1)
  const page = rows.slice(0, params.limit)
  const ids = page.map((r) => r.delivery.id)
  const attempts = ids.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, ids))
        .orderBy(asc(webhookAttempts.deliveryId), asc(webhookAttempts.attempt))
    : []
  const byDelivery = new Map<string, WebhookAttemptRow[]>()
  for (const a of attempts)
    byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a])
  const last = page.at(-1)
  return {
    items: page.map((r) => ({ ...r.delivery, attemptLog: byDelivery.get(r.delivery.id) ?? [] })),
    nextCursor:
      rows.length > params.limit && last ? encodeCursor(last.cursorAt, last.delivery.id) : null,
  }
}
