import { and, asc, eq, lt } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { answers } from '../../schema/index.ts'
import type { SessionContext } from './types.ts'

/**
 * The outbox's other half: answers still `pending` some seconds after they were stored (Redis
 * was down at submit time, or the process died between commit and enqueue) to queue again.
 * Re-queuing is safe: the job id is the answer id, so a job already waiting is not duplicated.
 */
export async function pendingAnswerIds(
  db: Db,
  params: { olderThan: Date; limit?: number },
): Promise<string[]> {
  const rows = await db
    .select({ id: answers.id })
    .from(answers)
    .where(and(eq(answers.gradingStatus, 'pending'), lt(answers.submittedAt, params.olderThan)))
    .orderBy(asc(answers.submittedAt))
    .limit(params.limit ?? 500)
  return rows.map((r) => r.id)
}

/** Answers left pending longer than this are assumed missed by the queue, and queued again. */
export const RECONCILE_AFTER_MS = 5000

export async function reconcileAnswers(
  ctx: SessionContext,
  options: { limit?: number } = {},
): Promise<number> {
  const ids = await pendingAnswerIds(ctx.db, {
    olderThan: new Date(ctx.now().getTime() - RECONCILE_AFTER_MS),
    limit: options.limit,
  })
  await ctx.queue.enqueueGrading(ids)
  return ids.length
}
