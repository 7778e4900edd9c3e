import { SUMMARIZED_STATUSES, type SummaryDue } from '@assess/core'
import { getTableName, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type postgres from 'postgres'
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
 * A column named with its table: drizzle leaves a column of a one-table select unqualified,
 * and inside the subqueries below `"id"` or `"session_id"` would name session_events' own.
 */
const qualified = (column: AnyPgColumn) =>
  sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`

/** A session's regrade revision: how many regrades it has had (drizzle; `sessionId` a column). */
export const sessionRevisionOf = (sessionId: AnyPgColumn) =>
  sql<number>`(SELECT count(*)::int FROM session_events e
    WHERE e.session_id = ${qualified(sessionId)} AND e.type = ${REGRADE_EVENT})`

/** sessionRevisionOf for postgres.js statements; `alias` names the `test_sessions` row. */
export const sessionRevisionIn = (sql: postgres.Sql, alias: string) =>
  sql`(SELECT count(*)::int FROM session_events e
    WHERE e.session_id = ${sql(alias)}.id AND e.type = ${REGRADE_EVENT})`

/**
 * An answer's regrade revision: that of the last regrade that reset it (its `regrade_requested`
 * event names it and the revision), 0 when none has. A grading job queued under an earlier
 * revision is stale (it was queued, or claimed the answer, before that regrade): it writes
 * nothing. A job of a later revision (the reconciler queues under the session's) is not stale.
 * For postgres.js statements; `alias` names the `answers` row.
 */
export const answerRevisionIn = (sql: postgres.Sql, alias: string) =>
  sql`(SELECT coalesce(max((e.data->>'revision')::int), 0) FROM session_events e
    WHERE e.session_id = ${sql(alias)}.session_id AND e.type = ${REGRADE_EVENT}
      AND e.data->'answer_ids' @> jsonb_build_array(${sql(alias)}.id))`

/** answerRevisionIn for drizzle statements on `answers` (the columns). */
export const answerRevisionOf = (answerId: AnyPgColumn, sessionId: AnyPgColumn) =>
  sql<number>`(SELECT coalesce(max((e.data->>'revision')::int), 0) FROM session_events e
    WHERE e.session_id = ${qualified(sessionId)} AND e.type = ${REGRADE_EVENT}
      AND e.data->'answer_ids' @> jsonb_build_array(${qualified(answerId)}))`

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
