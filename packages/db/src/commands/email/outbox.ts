import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { emailOutbox } from '../../schema/index.ts'
import { storableText } from '../../storable-text.ts'

export type OutboxEmailRow = typeof emailOutbox.$inferSelect

/** Longest last_error kept: an SMTP reply can be long; the start says what happened. */
const MAX_ERROR_LENGTH = 1000

/** Pending rows due to be queued, soonest first; `untriedOnly`: never attempted yet. */
export async function pendingEmailIds(
  db: Db,
  params: { limit: number; untriedOnly?: boolean },
): Promise<string[]> {
  const rows = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.status, 'pending'),
        lte(emailOutbox.nextAttemptAt, sql`now()`),
        params.untriedOnly ? eq(emailOutbox.attempts, 0) : undefined,
      ),
    )
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(params.limit)
  return rows.map((r) => r.id)
}

export async function getOutboxEmail(db: Db, id: string): Promise<OutboxEmailRow | null> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id))
  return row ?? null
}

/**
 * Sent: `data` (links included) is cleared, so no working link stays in the database longer
 * than it must. A pending row changes, and so does one cancelled while this very send was under
 * way (its invitation revoked as the SMTP server took the email: it did go out, so the row says
 * so, with why it was cancelled kept in `last_error`). Other jobs never get here for a cancelled
 * row: they re-read it first. False when the row was neither.
 */
export async function markEmailSent(db: Db, params: { id: string; now: Date }): Promise<boolean> {
  const rows = await db
    .update(emailOutbox)
    .set({
      status: 'sent',
      sentAt: params.now,
      data: null,
      attempts: sql`${emailOutbox.attempts} + 1`,
      lastError: sql`CASE WHEN ${emailOutbox.status} = 'cancelled'
        THEN 'sent as it was cancelled: ' || ${emailOutbox.lastError} END`,
    })
    .where(
      and(eq(emailOutbox.id, params.id), inArray(emailOutbox.status, ['pending', 'cancelled'])),
    )
    .returning({ id: emailOutbox.id })
  return rows.length > 0
}

/**
 * A failed attempt: counted, and its error kept. `final` (out of retries, or refused for good)
 * marks the row failed and clears `data`, as sending does. `retryAt`: a run of attempts ended,
 * the relay queues the row again from then.
 */
export async function recordEmailFailure(
  db: Db,
  params: { id: string; error: string; final: boolean; retryAt?: Date },
): Promise<void> {
  await db
    .update(emailOutbox)
    .set({
      attempts: sql`${emailOutbox.attempts} + 1`,
      lastError: storableText(params.error, MAX_ERROR_LENGTH),
      ...(params.final ? { status: 'failed', data: null } : {}),
      ...(params.retryAt ? { nextAttemptAt: params.retryAt } : {}),
    })
    .where(and(eq(emailOutbox.id, params.id), eq(emailOutbox.status, 'pending')))
}

/**
 * Not sent, and never will be: its link stopped working before it could go (an invitation
 * expired while SMTP was down, say). `data` is cleared as for a sent row.
 */
export async function cancelOutboxEmail(
  db: Db,
  params: { id: string; reason: string },
): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ status: 'cancelled', data: null, lastError: params.reason })
    .where(and(eq(emailOutbox.id, params.id), eq(emailOutbox.status, 'pending')))
}

/** How many emails wait to be sent, and since when (a worker without SMTP_URL reports it). */
export async function pendingEmailBacklog(db: Db): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      oldest: sql<Date | null>`min(${emailOutbox.createdAt})`,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.status, 'pending'))
  return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null }
}
