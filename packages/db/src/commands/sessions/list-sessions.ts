import { and, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { afterCursor, cursorTimestamp, encodeCursor } from '../../cursor.ts'
import { assessments, testSessions, users } from '../../schema/index.ts'
import type { SessionRow } from './types.ts'

export interface SessionListItem {
  session: SessionRow
  assessmentTitle: string
  candidate: { id: string; email: string; name: string }
  heartbeatStale: boolean
}

/** The recruiter's monitoring lists (active, abandoned, ...), organization-scoped, newest first. */
export async function listSessions(
  db: Db,
  params: {
    orgId: string
    now: Date
    status?: SessionRow['status'] | undefined
    assessmentId?: string | undefined
    limit: number
    cursor?: string | undefined
  },
): Promise<{ items: SessionListItem[]; nextCursor: string | null }> {
  // A staff member's preview is not monitored: it is not on the board, and sends it no events.
  const filters: SQL[] = [eq(testSessions.orgId, params.orgId), eq(testSessions.preview, false)]
  if (params.status) filters.push(eq(testSessions.status, params.status))
  if (params.assessmentId) filters.push(eq(testSessions.assessmentId, params.assessmentId))
  if (params.cursor)
    filters.push(afterCursor(testSessions.startedAt, testSessions.id, params.cursor))
  const rows = await db
    .select({
      session: testSessions,
      assessmentTitle: assessments.title,
      candidate: { id: users.id, email: users.email, name: users.name },
      heartbeatStale: sql<boolean>`${testSessions.status} = 'active' AND coalesce(${testSessions.lastHeartbeat}, ${testSessions.startedAt}) < ${params.now.toISOString()}::timestamptz - make_interval(secs => ${assessments.heartbeatTimeoutSeconds})`,
      cursorAt: cursorTimestamp(testSessions.startedAt),
    })
    .from(testSessions)
    .innerJoin(assessments, eq(assessments.id, testSessions.assessmentId))
    .innerJoin(users, eq(users.id, testSessions.candidateId))
    .where(and(...filters))
    .orderBy(desc(testSessions.startedAt), desc(testSessions.id))
    .limit(params.limit + 1)
  const page = rows.slice(0, params.limit)
  const last = page.at(-1)
  return {
    items: page.map(({ cursorAt: _, ...item }) => item),
    nextCursor:
      rows.length > params.limit && last ? encodeCursor(last.cursorAt, last.session.id) : null,
  }
}
