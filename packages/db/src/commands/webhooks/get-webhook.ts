import { NotFoundError } from '@assess/core'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { webhooks } from '../../schema/index.ts'
import { type WebhookRow, webhookColumns } from './types.ts'

export const webhookNotFound = () => new NotFoundError('webhook_not_found', 'Webhook not found')

/** An endpoint of the organization (another's is a 404); `lock` holds it for a change. */
export async function getWebhook(
  db: Db,
  params: { orgId: string; webhookId: string; lock?: boolean },
): Promise<WebhookRow> {
  const query = db
    .select(webhookColumns)
    .from(webhooks)
    .where(and(eq(webhooks.id, params.webhookId), eq(webhooks.orgId, params.orgId)))
  const [row] = params.lock ? await query.for('update') : await query
  if (!row) throw webhookNotFound()
  return row
}
