import { endSession, servedAt } from '@assess/core'
import { eq } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { testSessions } from '../../schema/index.ts'
import { clockOf } from './clock-state.ts'
import type { AssessmentDefinition } from './definition.ts'
import { dropDrafts } from './drafts.ts'
import { logEvents } from './events.ts'
import { insertServerAnswers } from './server-answers.ts'
import type { SessionRow } from './types.ts'

/**
 * Ends an active session: every unanswered question is finalized from its draft (or empty), so
 * a finished session always has one answer per question, and nothing typed is lost.
 */
export async function finishSession(
  tx: Transaction,
  params: {
    session: SessionRow
    definition: AssessmentDefinition
    answered: Set<string>
    now: Date
    status: 'completed' | 'abandoned'
    method: 'manual' | 'auto' | 'tab_close' | 'heartbeat_timeout'
  },
) {
  const { session, definition, answered, now } = params
  const clock = clockOf(session, definition, answered)
  const open = definition.questions
    .map((q, index) => ({ q, index }))
    .filter(({ q }) => !answered.has(q.id))
  const finalized = await insertServerAnswers(
    tx,
    session,
    definition,
    open.map(({ q, index }) => ({
      questionId: q.id,
      servedAt: servedAt(clock, q, index),
      windowEnd: null,
      timeExpired: false,
    })),
    now,
  )
  for (const { q } of open) answered.add(q.id)
  const [updated] = await tx
    .update(testSessions)
    .set({
      ...endSession(params.status, params.method, now),
      currentQuestionIndex: definition.questions.length,
      currentQuestionServedAt: null,
      nextDeadlineAt: null,
      progressPercent: 100,
    })
    .where(eq(testSessions.id, session.id))
    .returning()
  if (!updated) throw new Error('session update returned nothing')
  await logEvents(tx, session, now, [
    {
      type: params.status,
      data: { completion_method: params.method, finalized_question_ids: open.map(({ q }) => q.id) },
    },
  ])
  // Every question has its answer now: no draft is kept.
  await dropDrafts(tx, session.id)
  return { session: updated, newAnswerIds: finalized.ids }
}
