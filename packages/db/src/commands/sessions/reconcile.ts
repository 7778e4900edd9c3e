import { and, asc, eq, lt, or } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { answers } from '../../schema/index.ts'
import { sessionRevisionOf } from '../grading/summary-due.ts'
import type { SessionContext } from './types.ts'

/** An answer the queue missed, with its session's regrade revision (its job id carries it). */
export interface PendingAnswer {
  id: string
  revision: number
}

/**
 * The outbox's other half: answers still `pending` some seconds after they were stored (Redis
 * was down at submit time or at a regrade, or the process died between commit and enqueue) to
 * queue again, and answers stuck `grading` far longer than any job may run (their job was lost
 * with Redis). Each comes with its session's regrade revision: the job is queued under it, as
 * the regrade queued it. Under the bare answer id, the first grade's finished job (kept for a day,
 * a week when failed) would swallow it, or a job from before the regrade would be stale and
 * skip it. Re-queuing is safe: a job already waiting under the same id is not duplicated.
 */
export async function pendingAnswers(
  db: Db,
  params: { olderThan: Date; stuckSince?: Date; limit?: number },
): Promise<PendingAnswer[]> {
  const pending = and(
    eq(answers.gradingStatus, 'pending'),
    lt(answers.submittedAt, params.olderThan),
  )
  const stuck = params.stuckSince
    ? and(eq(answers.gradingStatus, 'grading'), lt(answers.updatedAt, params.stuckSince))
    : undefined
  return db
    .select({ id: answers.id, revision: sessionRevisionOf(answers.sessionId) })
    .from(answers)
    .where(stuck ? or(pending, stuck) : pending)
    .orderBy(asc(answers.submittedAt))
    .limit(params.limit ?? 500)
}

/** Answers left pending longer than this are assumed missed by the queue, and queued again. */
export const RECONCILE_AFTER_MS = 5000
/** Longer than a grading job's deadline with all its retries: such an answer lost its job. */
export const STUCK_GRADING_MS = 30 * 60_000

export async function reconcileAnswers(
  ctx: SessionContext,
  options: { limit?: number } = {},
): Promise<number> {
  const found = await pendingAnswers(ctx.db, {
    olderThan: new Date(ctx.now().getTime() - RECONCILE_AFTER_MS),
    stuckSince: new Date(ctx.now().getTime() - STUCK_GRADING_MS),
    limit: options.limit,
  })
  const byRevision = new Map<number, string[]>()
  for (const { id, revision } of found) {
    const ids = byRevision.get(revision)
    if (ids) ids.push(id)
    else byRevision.set(revision, [id])
  }
  // Still pending in Postgres: a finished job under the same id must not swallow the new one.
  for (const [revision, ids] of byRevision)
    await ctx.queue.enqueueGrading(ids, { revision, requeue: true })
  return found.length
}
