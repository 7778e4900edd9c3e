import { and, asc, eq, isNotNull, lte, or, sql } from 'drizzle-orm'
import { assessments, testSessions } from '../../schema/index.ts'
import { applyCatchUp } from './catch-up.ts'
import { loadDefinition } from './definition.ts'
import { finishSession } from './finish.ts'
import type { SessionContext, SessionRow } from './types.ts'

export interface SweepResult {
  caughtUp: number
  abandoned: number
  storedAnswerIds: string[]
}

/**
 * The periodic half of the clock: sessions with a passed deadline get the same catch-up a touch
 * would run; silent ones (no heartbeat, or a closed tab not back) past the timeout are abandoned.
 * Each session is its own transaction taken with SKIP LOCKED, so several workers can sweep at once.
 */
export async function sweepSessions(
  ctx: SessionContext,
  options: { limit?: number } = {},
): Promise<SweepResult> {
  const now = ctx.now()
  const timeout = sql`make_interval(secs => ${assessments.heartbeatTimeoutSeconds})`
  // Raw sql params go to the driver as they are: a Date must travel as ISO text.
  const at = now.toISOString()
  const due = await ctx.db
    .select({ id: testSessions.id })
    .from(testSessions)
    .innerJoin(assessments, eq(assessments.id, testSessions.assessmentId))
    .where(
      and(
        eq(testSessions.status, 'active'),
        or(
          lte(testSessions.nextDeadlineAt, now),
          sql`${testSessions.lastHeartbeat} < ${at}::timestamptz - ${timeout}`,
          and(
            isNotNull(testSessions.leftAt),
            sql`${testSessions.leftAt} < ${at}::timestamptz - ${timeout}`,
          ),
        ),
      ),
    )
    .orderBy(asc(testSessions.nextDeadlineAt))
    .limit(options.limit ?? 200)

  const result: SweepResult = { caughtUp: 0, abandoned: 0, storedAnswerIds: [] }
  for (const { id } of due) {
    let ended: SessionRow | undefined
    const stored = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(testSessions)
        .where(and(eq(testSessions.id, id), eq(testSessions.status, 'active')))
        .for('update', { skipLocked: true })
      if (!row) return [] // another worker has it, or it already ended
      const definition = await loadDefinition(tx, row.assessmentId)
      const caught = await applyCatchUp(tx, row, definition, now)
      if (caught.newAnswerIds.length > 0 || caught.session.status !== 'active') result.caughtUp++
      const session = caught.session
      if (session.status !== 'active') {
        ended = session
        return caught.newAnswerIds
      }
      const timeoutMs = definition.assessment.heartbeatTimeoutSeconds * 1000
      const silentSince = (at: Date | null) =>
        at !== null && now.getTime() - at.getTime() > timeoutMs
      const method = silentSince(session.leftAt)
        ? 'tab_close'
        : silentSince(session.lastHeartbeat)
          ? 'heartbeat_timeout'
          : null
      if (!method) return caught.newAnswerIds
      const finished = await finishSession(tx, {
        session,
        definition,
        answered: caught.answered,
        now,
        status: 'abandoned',
        method,
      })
      result.abandoned++
      ended = finished.session
      return [...caught.newAnswerIds, ...finished.newAnswerIds]
    })
    result.storedAnswerIds.push(...stored)
    if (ended) ctx.onClockEnded?.(ended)
  }
  await ctx.queue.enqueueGrading(result.storedAnswerIds)
  return result
}
