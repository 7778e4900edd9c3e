import { and, desc, eq, gte, inArray, isNotNull, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { afterCursor, cursorTimestamp, encodeCursor } from '../../cursor.ts'
import { assessments, testSessions, users } from '../../schema/index.ts'
import { SUMMARY_STATUSES } from '../grading/summary-due.ts'
import type { SessionRow } from '../sessions/types.ts'

export interface ResultListItem {
  session: Pick<
    SessionRow,
    | 'id'
    | 'status'
    | 'completionMethod'
    | 'finalScore'
    | 'maxScore'
    | 'percentage'
    | 'recommendation'
    | 'completedAt'
    | 'evaluatedAt'
  >
  assessment: { id: string; title: string }
  candidate: { id: string; email: string; name: string }
  summary: string | null
  integrity: { tab_switches: number; pastes: number; takeovers: number }
}

/** The recruiter's results: finished, evaluated sessions of one organization, newest evaluated first. */
export async function listResults(
  db: Db,
  params: {
    orgId: string
    assessmentId?: string | undefined
    recommendation?: NonNullable<SessionRow['recommendation']> | undefined
    minPercentage?: number | undefined
    limit: number
    cursor?: string | undefined
  },
): Promise<{ items: ResultListItem[]; nextCursor: string | null }> {
  const filters: SQL[] = [
    eq(testSessions.orgId, params.orgId),
    inArray(testSessions.status, SUMMARY_STATUSES),
    eq(testSessions.evaluationStatus, 'done'),
    eq(testSessions.preview, false), // a staff member's try counts nowhere
    // The keyset runs over evaluated_at: a row without one could never be paged to.
    isNotNull(testSessions.evaluatedAt),
  ]
  if (params.assessmentId) filters.push(eq(testSessions.assessmentId, params.assessmentId))
  if (params.recommendation) filters.push(eq(testSessions.recommendation, params.recommendation))
  if (params.minPercentage !== undefined)
    filters.push(gte(testSessions.percentage, params.minPercentage))
  if (params.cursor)
    filters.push(afterCursor(testSessions.evaluatedAt, testSessions.id, params.cursor))
  const rows = await db
    .select({
      session: {
        id: testSessions.id,
        status: testSessions.status,
        completionMethod: testSessions.completionMethod,
        finalScore: testSessions.finalScore,
        maxScore: testSessions.maxScore,
        percentage: testSessions.percentage,
        recommendation: testSessions.recommendation,
        completedAt: testSessions.completedAt,
        evaluatedAt: testSessions.evaluatedAt,
      },
      assessment: { id: assessments.id, title: assessments.title },
      candidate: { id: users.id, email: users.email, name: users.name },
      // Only the text: the list does not carry strengths and improvements.
      summary: sql<
        string | null
      >`CASE WHEN jsonb_typeof(${testSessions.aiSummary}->'summary') = 'string' THEN ${testSessions.aiSummary}->>'summary' END`,
      // Qualified by hand: drizzle leaves a one-table select's columns unqualified, and inside
      // the subquery "id" would be the event's.
      integrity: sql<ResultListItem['integrity']>`(
        SELECT json_build_object(
          'tab_switches', count(*) FILTER (WHERE e.type = 'tab_hidden'),
          'pastes', count(*) FILTER (WHERE e.type = 'paste'),
          'takeovers', count(*) FILTER (WHERE e.type = 'resumed' AND e.data->>'takeover' = 'true'))
        FROM session_events e WHERE e.session_id = "test_sessions"."id")`,
      cursorAt: cursorTimestamp(testSessions.evaluatedAt),
    })
    .from(testSessions)
    .innerJoin(assessments, eq(assessments.id, testSessions.assessmentId))
    .innerJoin(users, eq(users.id, testSessions.candidateId))
    .where(and(...filters))
    .orderBy(desc(testSessions.evaluatedAt), desc(testSessions.id))
    .limit(params.limit + 1)
  const page = rows.slice(0, params.limit)
  const last = page.at(-1)
  return {
    items: page.map(({ cursorAt: _, ...item }) => item),
    nextCursor:
      rows.length > params.limit && last ? encodeCursor(last.cursorAt, last.session.id) : null,
  }
}
