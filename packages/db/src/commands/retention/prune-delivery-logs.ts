import { sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'

/** How long a finished email or webhook delivery (with its attempts) is kept, for support. */
export const DELIVERY_LOG_RETENTION_DAYS = 30
/** Rows deleted per statement: short transactions, no long lock on a busy table. */
const BATCH = 5000

/**
 * Deletes sent, failed and cancelled emails and finished webhook deliveries (their attempts go
 * with them) older than `olderThan`; pending ones are never touched. Batches until done.
 */
export async function pruneDeliveryLogs(
  db: Db,
  params: { olderThan: Date },
): Promise<{ emails: number; webhookDeliveries: number }> {
  const cutoff = params.olderThan.toISOString()
  const drain = async (statement: () => ReturnType<typeof db.execute>) => {
    let total = 0
    for (;;) {
      const result = await statement()
      const count = (result as unknown as { count?: number }).count ?? 0
      total += count
      if (count < BATCH) return total
    }
  }
  const emails = await drain(() =>
    db.execute(sql`
      DELETE FROM email_outbox WHERE id IN (
        SELECT id FROM email_outbox
         WHERE status <> 'pending' AND updated_at < ${cutoff}::timestamptz LIMIT ${BATCH})`),
  )
  const webhookDeliveries = await drain(() =>
    db.execute(sql`
      DELETE FROM webhook_deliveries WHERE id IN (
        SELECT id FROM webhook_deliveries
         WHERE status <> 'pending' AND completed_at < ${cutoff}::timestamptz LIMIT ${BATCH})`),
  )
  return { emails, webhookDeliveries }
}
