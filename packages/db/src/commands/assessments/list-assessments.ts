import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { afterCursor, cursorTimestamp, encodeCursor } from '../../cursor.ts'
import { assessments, questions } from '../../schema/index.ts'
import type { AssessmentRow } from './types.ts'

export interface AssessmentSummary extends AssessmentRow {
  questionCount: number
  totalPoints: number
}

export async function listAssessments(
  db: Db,
  params: {
    orgId: string
    limit: number
    cursor?: string | undefined
    status?: AssessmentRow['status'] | undefined
  },
): Promise<{ items: AssessmentSummary[]; nextCursor: string | null }> {
  const filters: SQL[] = [eq(assessments.orgId, params.orgId)]
  if (params.status) filters.push(eq(assessments.status, params.status))
  if (params.cursor) filters.push(afterCursor(assessments.createdAt, assessments.id, params.cursor))
  const rows = await db
    .select({
      assessment: assessments,
      cursorAt: cursorTimestamp(assessments.createdAt),
      questionCount: count(questions.id),
      totalPoints: sql<number>`coalesce(sum(${questions.points}), 0)::int`,
    })
    .from(assessments)
    .leftJoin(questions, eq(questions.assessmentId, assessments.id))
    .where(and(...filters))
    .groupBy(assessments.id)
    .orderBy(desc(assessments.createdAt), desc(assessments.id))
    .limit(params.limit + 1)
  const page = rows.slice(0, params.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => ({
      ...r.assessment,
      questionCount: r.questionCount,
      totalPoints: r.totalPoints,
    })),
    nextCursor:
      rows.length > params.limit && last ? encodeCursor(last.cursorAt, last.assessment.id) : null,
  }
}
