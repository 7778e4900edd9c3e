import { ConflictError } from '@assess/core'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { assessments } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { assertLanguagesAvailable } from '../languages/code-languages.ts'
import { getAssessment } from './get-assessment.ts'
import type { AssessmentDetail } from './types.ts'

/** Publishes a draft; publishing a published assessment again is a no-op (safe to retry). */
export function publishAssessment(
  db: Db,
  actor: StaffActor,
  params: {
    assessmentId: string
    /**
     * The questions the caller checked (their sample solutions ran): when the draft's questions
     * are no longer these (an edit replaced them meanwhile), nothing is published.
     */
    questionIds?: string[]
  },
): Promise<AssessmentDetail> {
  return inTransaction(db, async (tx) => {
    const current = await getAssessment(tx, { ...params, orgId: actor.orgId, forUpdate: true })
    const { status } = current.assessment
    if (status === 'published') return current
    if (status === 'archived')
      throw new ConflictError('assessment_archived', 'An archived assessment cannot be published')
    if (current.questions.length === 0)
      throw new ConflictError(
        'assessment_has_no_questions',
        'Add at least one question before publishing',
      )
    const checked = params.questionIds
    if (checked && current.questions.map((q) => q.id).join() !== checked.join())
      throw new ConflictError(
        'assessment_changed',
        'The questions changed while they were being checked; publish again',
      )
    await assertLanguagesAvailable(tx, current.questions)
    const [assessment] = await tx
      .update(assessments)
      .set({ status: 'published', publishedAt: sql`now()` })
      .where(eq(assessments.id, current.assessment.id))
      .returning()
    if (!assessment) throw new Error('assessment update returned nothing')
    return { assessment, questions: current.questions }
  })
}
