import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { webhooks } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import { webhookNotFound } from './get-webhook.ts'
import { type WebhookRow, webhookColumns } from './types.ts'

export const DISABLED_BY_ADMIN = 'turned off by an administrator'

/**
 * Changes an endpoint. Turning it back on clears `disabled_reason` (a 410's, say); turning it
 * off keeps a reason already there. Its pending deliveries fail when their turn comes while
 * it is off; the secret does not change.
 */
export async function updateWebhook(
  db: Db,
  actor: StaffActor,
  params: {
    webhookId: string
    url?: string | undefined
    events?: string[] | undefined
    description?: string | null | undefined
    active?: boolean | undefined
  },
): Promise<WebhookRow> {
  const { url, events, description, active } = params
  const [row] = await db
    .update(webhooks)
    .set({
      ...(url === undefined ? {} : { url }),
      ...(events === undefined ? {} : { events }),
      ...(description === undefined ? {} : { description }),
      ...(active === undefined
        ? {}
        : active
          ? { active: true, disabledReason: null }
          : {
              active: false,
              disabledReason: sql`coalesce(${webhooks.disabledReason}, ${DISABLED_BY_ADMIN})`,
            }),
      // An empty change still touches the row, so a missing one is told apart (404).
      updatedAt: sql`now()`,
    })
    .where(and(eq(webhooks.id, params.webhookId), eq(webhooks.orgId, actor.orgId)))
    .returning(webhookColumns)
  if (!row) throw webhookNotFound()
  return row
}
