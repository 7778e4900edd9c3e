import {
  type CodeLanguage,
  ConflictError,
  codeSpecOf,
  NotFoundError,
  type QuestionSpec,
  runLanguage,
  ValidationError,
} from '@assess/core'
import type { Database } from '../../client.ts'
import { clockOf } from './clock-state.ts'
import { assertActive, assertCurrentQuestion, assertLease, assertNotWithheld } from './lease.ts'
import type { CandidateScope, SessionContext } from './types.ts'
import { withSession } from './with-session.ts'

export type CodeSpec = Extract<QuestionSpec, { type: 'code' }>

/**
 * May this candidate run the sample tests of this question now? Only the lease holder of an
 * active session, on a code question they can still answer. Returns the question's spec (the
 * caller runs the visible tests only) and the language to run, one of the question's.
 */
export function authorizeSampleRun(
  ctx: SessionContext,
  params: CandidateScope & {
    leaseId: string | undefined
    questionId: string
    /** The language the candidate runs; the question's first when absent. */
    language?: CodeLanguage | undefined
  },
): Promise<{ spec: CodeSpec; language: CodeLanguage; orgId: string }> {
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
    assertCurrentQuestion(session, definition.assessment.navigation, index)
    // Its sample tests are part of its content.
    assertNotWithheld(clockOf(session, definition, answered), question, index)
    const language = runLanguage(codeSpecOf(question.spec), params.language)
    return { spec: question.spec, language, orgId: session.orgId }
  })
}

/**
 * A sample run in the session's timeline (nothing else of it is stored): which question, the
 * language, and how many sample tests passed (or that it ran the candidate's own input). A
 * session deleted while its code ran (a preview replaced) records nothing.
 */
export async function recordSampleRun(
  db: Database,
  run: {
    orgId: string
    sessionId: string
    at: Date
    data: { question_id: string; language: string } & (
      | { passed: number; total: number }
      | { custom_input: true; status: string }
    )
  },
): Promise<void> {
  await db.$client`INSERT INTO session_events (org_id, session_id, type, at, data)
    SELECT ${run.orgId}, id, 'sample_run', ${run.at.toISOString()}::timestamptz,
      ${JSON.stringify(run.data)}::jsonb
    FROM test_sessions WHERE id = ${run.sessionId}`
}
