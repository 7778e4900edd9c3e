import { SUMMARIZED_STATUSES, type SummaryDue } from '@assess/core'
import { sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'

/** The finished statuses whose sessions get a summary (the session lifecycle's list). */
export const SUMMARY_STATUSES = [...SUMMARIZED_STATUSES]
const FINISHED = sql`(${sql.join(
  SUMMARY_STATUSES.map((status) => sql`${status}`),
  sql`, `,
)})`

/** The session event of a regrade: how many a session has had is its regrade revision. */
export const REGRADE_EVENT = 'regrade_requested'

/**
 * The reconciler's safety net: finished sessions whose answers are all graded but whose summary
 * never ran (Redis was down when the last grade landed, or the job was lost), with the regrade
 * revision their summary runs under.
 */
export async function sessionsAwaitingSummary(
  db: Db,
  params: { olderThan: Date; limit?: number },
): Promise<SummaryDue[]> {
  const rows = await db.execute<{ id: string; revision: number }>(sql`
    SELECT s.id, (SELECT count(*)::int FROM session_events e
                  WHERE e.session_id = s.id AND e.type = ${REGRADE_EVENT}) AS revision
    FROM test_sessions s
    WHERE s.status IN ${FINISHED}
      AND s.evaluation_status IN ('pending', 'grading')
      AND s.completed_at < ${params.olderThan.toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id
                      AND a.grading_status IN ('pending', 'grading'))
    ORDER BY s.completed_at
    LIMIT ${params.limit ?? 200}`)
  return rows.map((r) => ({ sessionId: r.id, revision: r.revision }))
}
