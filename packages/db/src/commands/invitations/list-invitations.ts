import { and, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { afterCursor, cursorTimestamp, encodeCursor } from '../../cursor.ts'
import { invitations } from '../../schema/index.ts'
import { getAssessment } from '../assessments/get-assessment.ts'
import type { InvitationRow } from './types.ts'

/** The candidate's latest attempt on an invitation. */
export interface LatestSession {
  id: string
  status: 'active' | 'paused' | 'completed' | 'expired' | 'abandoned' | 'cancelled'
  evaluation_status: 'pending' | 'grading' | 'done' | 'failed'
}

export async function listInvitations(
  db: Db,
  params: { orgId: string; assessmentId: string; limit: number; cursor?: string | undefined },
): Promise<{
  items: { invitation: InvitationRow; latestSession: LatestSession | null }[]
  nextCursor: string | null
}> {
  await getAssessment(db, params) // 404 for another organization's assessment
  const filters: SQL[] = [
    eq(invitations.assessmentId, params.assessmentId),
    eq(invitations.preview, false), // a staff member's own try is not an invitation sent
  ]
  if (params.cursor) filters.push(afterCursor(invitations.createdAt, invitations.id, params.cursor))
  const rows = await db
    .select({
      invitation: invitations,
      // Qualified by hand: inside the subquery an unqualified "id" would be the session's.
      latestSession: sql<LatestSession | null>`(
        SELECT json_build_object('id', s.id, 'status', s.status,
          'evaluation_status', s.evaluation_status)
        FROM test_sessions s WHERE s.invitation_id = "invitations"."id"
        ORDER BY s.attempt_number DESC LIMIT 1)`,
      cursorAt: cursorTimestamp(invitations.createdAt),
    })
    .from(invitations)
    .where(and(...filters))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(params.limit + 1)
  const page = rows.slice(0, params.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => ({ invitation: r.invitation, latestSession: r.latestSession })),
    nextCursor:
      rows.length > params.limit && last ? encodeCursor(last.cursorAt, last.invitation.id) : null,
  }
}
