import { and, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { webhooks } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import { webhookNotFound } from './get-webhook.ts'

/** Deletes an endpoint with its deliveries and attempts (a pending one is never sent). */
export async function deleteWebhook(
  db: Db,
  actor: StaffActor,
  params: { webhookId: string },
): Promise<void> {
  const deleted = await db
    .delete(webhooks)
    .where(and(eq(webhooks.id, params.webhookId), eq(webhooks.orgId, actor.orgId)))
    .returning({ id: webhooks.id })
  if (deleted.length === 0) throw webhookNotFound()
}
