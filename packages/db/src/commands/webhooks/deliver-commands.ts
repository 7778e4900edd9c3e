import { and, asc, eq, lte, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { webhookAttempts, webhookDeliveries, webhooks } from '../../schema/index.ts'
import { storableText } from '../../storable-text.ts'
import { inTransaction } from '../../transaction.ts'
import type { WebhookDeliveryRow } from './types.ts'

// The worker's side of webhooks: what is due, what to send, and what came of an attempt.
// Every time here is the database's clock, as the triggers that write deliveries use.

/** The longest error or answer excerpt kept per attempt. */
const MAX_TEXT_LENGTH = 2048

export const DISABLED_BY_GONE = 'the endpoint answered 410 Gone'

export interface DueDelivery {
  deliveryId: string
  /** The attempt it waits for: attempts so far + 1. */
  attempt: number
  /** Until next_attempt_at (0 when already due). */
  delayMs: number
  /** Where this row sorts, for paging (next_attempt_at, id). */
  nextAttemptAt: Date | null
}

/**
 * Pending deliveries for the relay, soonest first. `unqueued`: due now or within `withinMs`
 * and whose next attempt the relay has not handed to the queue yet (so a backlog is not queued
 * again on every pass). `overdue`: handed over, yet still waiting `overdueMs` after it was due:
 * its job may be lost (Redis flushed, a job that failed without recording its attempt).
 */
export async function dueWebhookDeliveries(
  db: Db,
  params:
    | { scope: 'unqueued'; withinMs: number; limit: number }
    | {
        scope: 'overdue'
        overdueMs: number
        limit: number
        /** The page after this row (keyset paging through a long backlog). */
        after?: { nextAttemptAt: Date; deliveryId: string }
      },
): Promise<DueDelivery[]> {
  const next = sql`${webhookDeliveries.attempts} + 1`
  const rows = await db
    .select({
      deliveryId: webhookDeliveries.id,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      delayMs: sql<number>`greatest(0, extract(epoch from ${webhookDeliveries.nextAttemptAt} - now()) * 1000)::float8`,
    })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        params.scope === 'unqueued'
          ? and(
              sql`${webhookDeliveries.queuedAttempt} IS DISTINCT FROM ${next}`,
              lte(
                webhookDeliveries.nextAttemptAt,
                sql`now() + make_interval(secs => ${params.withinMs / 1000})`,
              ),
            )
          : and(
              sql`${webhookDeliveries.queuedAttempt} = ${next}`,
              lte(
                webhookDeliveries.nextAttemptAt,
                sql`now() - make_interval(secs => ${params.overdueMs / 1000})`,
              ),
              params.after
                ? sql`(${webhookDeliveries.nextAttemptAt}, ${webhookDeliveries.id}) > (${params.after.nextAttemptAt.toISOString()}::timestamptz, ${params.after.deliveryId}::uuid)`
                : undefined,
            ),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(params.limit)
  return rows.map((r) => ({
    deliveryId: r.deliveryId,
    attempt: r.attempts + 1,
    delayMs: Number(r.delayMs),
    nextAttemptAt: r.nextAttemptAt,
  }))
}

/** Notes that these attempts are in the queue (a row that moved on meanwhile is left alone). */
export async function markWebhookAttemptsQueued(db: Db, queued: DueDelivery[]): Promise<void> {
  if (queued.length === 0) return
  const pairs = JSON.stringify(queued.map((q) => ({ id: q.deliveryId, attempt: q.attempt })))
  await db.execute(sql`
    UPDATE webhook_deliveries d SET queued_attempt = q.attempt
      FROM jsonb_to_recordset(${pairs}::jsonb) AS q(id uuid, attempt int)
     WHERE d.id = q.id AND d.status = 'pending' AND d.attempts + 1 = q.attempt`)
}

/** A delivery with what sending it needs: its endpoint's URL, secret and state. */
export async function loadDeliveryForSending(
  db: Db,
  deliveryId: string,
): Promise<{
  delivery: WebhookDeliveryRow
  webhook: { id: string; url: string; secret: string; active: boolean }
} | null> {
  const [row] = await db
    .select({
      delivery: webhookDeliveries,
      webhook: {
        id: webhooks.id,
        url: webhooks.url,
        secret: webhooks.secret,
        active: webhooks.active,
      },
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, deliveryId))
  return row ?? null
}

export interface AttemptOutcome {
  /** stale: not the delivery's next attempt (another job recorded it), nothing written. */
  outcome: 'succeeded' | 'retrying' | 'failed' | 'disabled' | 'stale'
  nextAttemptAt: Date | null
}

/**
 * Records one attempt and decides what follows, in one transaction on the locked delivery:
 * any 2xx → succeeded; 410 → failed, and the endpoint turned off; otherwise the next attempt
 * `retryDelaysSeconds[attempt - 1]` seconds from now, or failed after the last
 * (`giveUp`: failed at once, e.g. the endpoint was turned off).
 */
export function recordWebhookAttempt(
  db: Db,
  params: {
    deliveryId: string
    attempt: number
    result: {
      ok: boolean
      statusCode: number | null
      durationMs: number
      error: string | null
      responseExcerpt: string | null
    }
    retryDelaysSeconds: readonly number[]
    giveUp?: boolean
  },
): Promise<AttemptOutcome> {
  return inTransaction(db, async (tx) => {
    const [delivery] = await tx
      .select({
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        webhookId: webhookDeliveries.webhookId,
      })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, params.deliveryId))
      .for('update')
    if (delivery?.status !== 'pending' || delivery.attempts + 1 !== params.attempt)
      return { outcome: 'stale', nextAttemptAt: null }
    const { result } = params
    await tx.insert(webhookAttempts).values({
      deliveryId: params.deliveryId,
      attempt: params.attempt,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error === null ? null : storableText(result.error, MAX_TEXT_LENGTH),
      responseExcerpt:
        result.responseExcerpt === null
          ? null
          : storableText(result.responseExcerpt, MAX_TEXT_LENGTH),
    })
    const gone = !result.ok && result.statusCode === 410
    const delay = params.retryDelaysSeconds[params.attempt - 1]
    const outcome: AttemptOutcome['outcome'] = result.ok
      ? 'succeeded'
      : gone
        ? 'disabled'
        : params.giveUp || delay === undefined
          ? 'failed'
          : 'retrying'
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({
        attempts: params.attempt,
        ...(outcome === 'retrying'
          ? { nextAttemptAt: sql`now() + make_interval(secs => ${delay ?? 0})` }
          : {
              status: outcome === 'succeeded' ? 'succeeded' : 'failed',
              nextAttemptAt: null,
              completedAt: sql`now()`,
            }),
      })
      .where(eq(webhookDeliveries.id, params.deliveryId))
      .returning({ nextAttemptAt: webhookDeliveries.nextAttemptAt })
    if (gone)
      await tx
        .update(webhooks)
        .set({ active: false, disabledReason: DISABLED_BY_GONE })
        .where(eq(webhooks.id, delivery.webhookId))
    return { outcome, nextAttemptAt: updated?.nextAttemptAt ?? null }
  })
}
