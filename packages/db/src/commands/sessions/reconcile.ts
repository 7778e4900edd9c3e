import { and, asc, eq, lt, or } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { answers } from '../../schema/index.ts'
import type { SessionContext } from './types.ts'

/**
 * The outbox's other half: answers still `pending` some seconds after they were stored (Redis
 * was down at submit time, or the process died between commit and enqueue) to queue again, and
 * answers stuck `grading` far longer than any job may run (their job was lost with Redis).
 * Re-queuing is safe: the job id is the answer id, so a job already waiting is not duplicated.
 */
export async function pendingAnswerIds(
  db: Db,
  params: { olderThan: Date; stuckSince?: Date; limit?: number },
): Promise<string[]> {
  const pending = and(
    eq(answers.gradingStatus, 'pending'),
    lt(answers.submittedAt, params.olderThan),
  )
  const stuck = params.stuckSince
    ? and(eq(answers.gradingStatus, 'grading'), lt(answers.updatedAt, params.stuckSince))
    : undefined
  const rows = await db
    .select({ id: answers.id })
    .from(answers)
    .where(stuck ? or(pending, stuck) : pending)
    .orderBy(asc(answers.submittedAt))
    .limit(params.limit ?? 500)
  return rows.map((r) => r.id)
}

/** Answers left pending longer than this are assumed missed by the queue, and queued again. */
export const RECONCILE_AFTER_MS = 5000
/** Longer than a grading job's deadline with all its retries: such an answer lost its job. */
export const STUCK_GRADING_MS = 30 * 60_000

export async function reconcileAnswers(
  ctx: SessionContext,
  options: { limit?: number } = {},
): Promise<number> {
  const ids = await pendingAnswerIds(ctx.db, {
    olderThan: new Date(ctx.now().getTime() - RECONCILE_AFTER_MS),
    stuckSince: new Date(ctx.now().getTime() - STUCK_GRADING_MS),
    limit: options.limit,
  })
  await ctx.queue.enqueueGrading(ids)
  return ids.length
}
