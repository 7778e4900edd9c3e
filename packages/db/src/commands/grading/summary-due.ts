import { sql } from 'drizzle-orm'
import type { Db, Transaction } from '../../client.ts'

const FINISHED = sql`('completed', 'expired', 'abandoned')`

/**
 * Locks the session row and tells whether it is ready for its summary: finished, not yet
 * evaluated, and no answer left pending or grading. The lock serializes the last two grades of a
 * session, so exactly one of them sees "ready" (and a finishing session inserts its last answers
 * under the same lock). The check is a statement of its own, after the lock is held: in READ
 * COMMITTED a statement sees what was committed when it began, so a check that waited for the
 * lock inside one statement would miss the grade committed by the lock's previous holder, and
 * neither grade would enqueue the summary.
 */
export async function lockAndCheckSummaryDue(tx: Transaction, sessionId: string): Promise<boolean> {
  await tx.execute(sql`SELECT 1 FROM test_sessions WHERE id = ${sessionId} FOR UPDATE`)
  const rows = await tx.execute<{ due: boolean }>(sql`
    SELECT (s.status IN ${FINISHED}
            AND s.evaluation_status IN ('pending', 'grading')
            AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id
                            AND a.grading_status IN ('pending', 'grading'))) AS due
    FROM test_sessions s WHERE s.id = ${sessionId}`)
  return rows[0]?.due === true
}

/**
 * The reconciler's safety net: finished sessions whose answers are all graded but whose summary
 * never ran (Redis was down when the last grade landed, or the job was lost).
 */
export async function sessionsAwaitingSummary(
  db: Db,
  params: { olderThan: Date; limit?: number },
): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    SELECT s.id FROM test_sessions s
    WHERE s.status IN ${FINISHED}
      AND s.evaluation_status IN ('pending', 'grading')
      AND s.completed_at < ${params.olderThan.toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id
                      AND a.grading_status IN ('pending', 'grading'))
    ORDER BY s.completed_at
    LIMIT ${params.limit ?? 200}`)
  return rows.map((r) => r.id)
}
