import { type AssessmentPatchInput, ConflictError } from '@assess/core'
import { eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { assessments } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { deletePreviewSessions } from '../invitations/start-preview.ts'
import { getAssessment } from './get-assessment.ts'
import { replaceQuestions } from './question-rows.ts'
import type { AssessmentDetail } from './types.ts'

/** Edits a draft. Published assessments are immutable: sessions are graded against what was seen. */
export function updateAssessment(
  db: Db,
  actor: StaffActor,
  params: { assessmentId: string; patch: AssessmentPatchInput },
): Promise<AssessmentDetail> {
  const { patch } = params
  return inTransaction(db, async (tx) => {
    const current = await getAssessment(tx, { ...params, orgId: actor.orgId, forUpdate: true })
    if (current.assessment.status !== 'draft')
      throw new ConflictError(
        'assessment_not_editable',
        `This assessment is ${current.assessment.status} and can no longer be changed`,
      )
    const changes = {
      title: patch.title,
      description: patch.description,
      durationMinutes: patch.duration_minutes,
      navigation: patch.navigation,
      maxAttempts: patch.max_attempts,
      graceSeconds: patch.grace_seconds,
      heartbeatTimeoutSeconds: patch.heartbeat_timeout_seconds,
      showResultsToCandidate: patch.show_results_to_candidate,
    }
    // Always touch the row, so updated_at moves even when only the questions changed.
    const [assessment] = await tx
      .update(assessments)
      .set({ ...changes, title: changes.title ?? current.assessment.title })
      .where(eq(assessments.id, current.assessment.id))
      .returning()
    if (!assessment) throw new Error('assessment update returned nothing')
    let questions = current.questions
    if (patch.questions) {
      await deletePreviewSessions(tx, assessment.id)
      questions = await replaceQuestions(tx, assessment.id, patch.questions)
    }
    return { assessment, questions }
  })
}
