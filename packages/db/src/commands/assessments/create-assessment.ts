import type { AssessmentCreateInput } from '@assess/core'
import type { Db } from '../../client.ts'
import { assessments } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import type { StaffActor } from '../actor.ts'
import { replaceQuestions } from './question-rows.ts'
import type { AssessmentDetail } from './types.ts'

export function createAssessment(
  db: Db,
  actor: StaffActor,
  input: AssessmentCreateInput,
): Promise<AssessmentDetail> {
  return inTransaction(db, async (tx) => {
    const [assessment] = await tx
      .insert(assessments)
      .values({
        orgId: actor.orgId,
        createdBy: actor.userId,
        title: input.title,
        description: input.description,
        durationMinutes: input.duration_minutes,
        navigation: input.navigation,
        maxAttempts: input.max_attempts,
        graceSeconds: input.grace_seconds,
        heartbeatTimeoutSeconds: input.heartbeat_timeout_seconds,
        showResultsToCandidate: input.show_results_to_candidate,
      })
      .returning()
    if (!assessment) throw new Error('assessment insert returned nothing')
    const questions = await replaceQuestions(tx, assessment.id, input.questions)
    return { assessment, questions }
  })
}
