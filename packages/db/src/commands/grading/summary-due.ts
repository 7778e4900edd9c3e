import { SUMMARIZED_STATUSES } from '@assess/core'
import { sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'

/** The finished statuses whose sessions get a summary (the session lifecycle's list). */
export const SUMMARY_STATUSES = [...SUMMARIZED_STATUSES]
const FINISHED = sql`(${sql.join(
  SUMMARY_STATUSES.map((status) => sql`${status}`),
  sql`, `,
)})`

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
