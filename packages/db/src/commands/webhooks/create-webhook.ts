import type { Db } from '../../client.ts'
import { webhooks } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import { type WebhookRow, webhookColumns } from './types.ts'

/** A new endpoint. The caller made the secret (`whsec_…`) and shows it once; it is not returned. */
export async function createWebhook(
  db: Db,
  actor: StaffActor,
  params: { url: string; events: string[]; description?: string | undefined; secret: string },
): Promise<WebhookRow> {
  const [row] = await db
    .insert(webhooks)
    .values({
      orgId: actor.orgId,
      url: params.url,
      events: params.events,
      description: params.description ?? null,
      secret: params.secret,
      createdBy: actor.userId,
    })
    .returning(webhookColumns)
  if (!row) throw new Error('webhook insert returned nothing')
  return row
}
