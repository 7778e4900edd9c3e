import { NotFoundError } from '@assess/core'
import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { assessments, questions } from '../../schema/index.ts'
import type { AssessmentDetail } from './types.ts'

export const assessmentNotFound = () =>
  new NotFoundError('assessment_not_found', 'Assessment not found')

/** The assessment and its questions, if it belongs to `orgId`. `forUpdate` locks the row. */
export async function getAssessment(
  db: Db,
  params: { orgId: string; assessmentId: string; forUpdate?: boolean },
): Promise<AssessmentDetail> {
  const query = db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, params.assessmentId), eq(assessments.orgId, params.orgId)))
    .limit(1)
  const [assessment] = params.forUpdate ? await query.for('update') : await query
  if (!assessment) throw assessmentNotFound()
  const rows = await db
    .select()
    .from(questions)
    .where(eq(questions.assessmentId, assessment.id))
    .orderBy(asc(questions.position))
  return { assessment, questions: rows }
}
