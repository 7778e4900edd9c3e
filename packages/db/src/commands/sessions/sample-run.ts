import { ConflictError, NotFoundError, type QuestionSpec, ValidationError } from '@assess/core'
import { assertActive, assertLease } from './lease.ts'
import type { CandidateScope, SessionContext } from './types.ts'
import { withSession } from './with-session.ts'

export type CodeSpec = Extract<QuestionSpec, { type: 'code' }>

/**
 * May this candidate run the sample tests of this question now? Only the lease holder of an
 * active session, on a code question they can still answer. Returns the question's spec (the
 * caller runs the visible tests only).
 */
export function authorizeSampleRun(
  ctx: SessionContext,
  params: CandidateScope & {
    leaseId: string | undefined
    questionId: string
  },
): Promise<{ spec: CodeSpec }> {
  return withSession(ctx, params, async ({ session, definition, answered }) => {
    assertActive(session)
    assertLease(session, params.leaseId)
    const index = definition.indexById.get(params.questionId)
    const question = index === undefined ? undefined : definition.questions[index]
    if (index === undefined || !question)
      throw new NotFoundError('question_not_found', 'Question not found in this test')
    if (question.spec.type !== 'code')
      throw new ValidationError('not_a_code_question', 'Only code questions have sample tests', {
        fields: { question_id: ['not a code question'] },
      })
    if (answered.has(question.id))
      throw new ConflictError('already_answered', 'This question already has an answer')
    if (definition.assessment.navigation === 'sequential' && index !== session.currentQuestionIndex)
      throw new ConflictError('question_not_current', 'Answer the current question first')
    return { spec: question.spec }
  })
}
