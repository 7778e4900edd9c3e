import { and, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { assessments } from '../../schema/index.ts'
import { assessmentNotFound } from '../assessments/get-assessment.ts'

/**
 * What a live stream may be narrowed to: an assessment of the caller's organization, else 404
 * (another organization's id is indistinguishable from one that does not exist).
 */
export async function checkLiveScope(
  db: Db,
  params: { orgId: string; assessmentId?: string | undefined },
): Promise<void> {
  if (!params.assessmentId) return
  const [found] = await db
    .select({ id: assessments.id })
    .from(assessments)
    .where(and(eq(assessments.id, params.assessmentId), eq(assessments.orgId, params.orgId)))
    .limit(1)
  if (!found) throw assessmentNotFound()
}
