import { and, desc, eq, type SQL } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { afterCursor, cursorTimestamp, encodeCursor } from '../../cursor.ts'
import { invitations } from '../../schema/index.ts'
import { getAssessment } from '../assessments/get-assessment.ts'
import type { InvitationRow } from './types.ts'

export async function listInvitations(
  db: Db,
  params: { orgId: string; assessmentId: string; limit: number; cursor?: string | undefined },
): Promise<{ items: InvitationRow[]; nextCursor: string | null }> {
  await getAssessment(db, params) // 404 for another organization's assessment
  const filters: SQL[] = [eq(invitations.assessmentId, params.assessmentId)]
  if (params.cursor) filters.push(afterCursor(invitations.createdAt, invitations.id, params.cursor))
  const rows = await db
    .select({ invitation: invitations, cursorAt: cursorTimestamp(invitations.createdAt) })
    .from(invitations)
    .where(and(...filters))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(params.limit + 1)
  const page = rows.slice(0, params.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => r.invitation),
    nextCursor:
      rows.length > params.limit && last ? encodeCursor(last.cursorAt, last.invitation.id) : null,
  }
}
