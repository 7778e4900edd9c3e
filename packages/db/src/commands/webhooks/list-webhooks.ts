import { desc, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { webhooks } from '../../schema/index.ts'
import { type WebhookRow, webhookColumns } from './types.ts'

/** The organization's endpoints, newest first (an organization has a handful). */
export function listWebhooks(db: Db, params: { orgId: string }): Promise<WebhookRow[]> {
  return db
    .select(webhookColumns)
    .from(webhooks)
    .where(eq(webhooks.orgId, params.orgId))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id))
}
