import { type ProgressInput, ValidationError } from '@assess/core'
import { eq } from 'drizzle-orm'
import { testSessions } from '../../schema/index.ts'
import { logEvents } from './events.ts'
import { assertActive, assertLease } from './lease.ts'
import type { SessionContext, SessionSnapshot } from './types.ts'
import { snapshot, withSession } from './with-session.ts'

interface LeasedCall {
  sessionId: string
  candidateId: string
  leaseId: string | undefined
}

/** Liveness: renews the lease; coming back after a tab close clears left_at. */
export function heartbeat(ctx: SessionContext, params: LeasedCall): Promise<SessionSnapshot> {
  return withSession(ctx, params, async (touch) => {
    assertActive(touch.session)
    assertLease(touch.session, params.leaseId)
    const [updated] = await touch.tx
      .update(testSessions)
      .set({ lastHeartbeat: touch.now, leaseRenewedAt: touch.now, leftAt: null })
      .where(eq(testSessions.id, touch.session.id))
      .returning()
    return snapshot({ ...touch, session: updated ?? touch.session })
  })
}

export function recordActivity(ctx: SessionContext, params: LeasedCall): Promise<SessionSnapshot> {
  return withSession(ctx, params, async (touch) => {
    assertActive(touch.session)
    assertLease(touch.session, params.leaseId)
    const [updated] = await touch.tx
      .update(testSessions)
      .set({ lastActivity: touch.now })
      .where(eq(testSessions.id, touch.session.id))
      .returning()
    return snapshot({ ...touch, session: updated ?? touch.session })
  })
}

/** Drafts (merged by question id; null removes one), flags and sections: what the catch-up submits. */
export function saveProgress(
  ctx: SessionContext,
  params: LeasedCall & { input: ProgressInput },
): Promise<SessionSnapshot> {
  const { input } = params
  return withSession(ctx, params, async (touch) => {
    assertActive(touch.session)
    assertLease(touch.session, params.leaseId)
    const { session, definition } = touch
    const unknown = [
      ...Object.keys(input.pending_answers ?? {}),
      ...(input.flagged_question_ids ?? []),
    ].filter((id) => !definition.indexById.has(id))
    if (unknown.length > 0)
      throw new ValidationError('validation_failed', 'Some question ids are not in this test', {
        fields: { question_ids: unknown.map((id) => `${id} is not a question of this test`) },
      })
    const drafts = { ...session.pendingAnswers }
    for (const [questionId, draft] of Object.entries(input.pending_answers ?? {})) {
      // Answered questions keep no draft: the answer is final.
      if (draft === null || touch.answered.has(questionId)) delete drafts[questionId]
      else drafts[questionId] = draft
    }
    const [updated] = await touch.tx
      .update(testSessions)
      .set({
        pendingAnswers: drafts,
        ...(input.sections_completed && { sectionsCompleted: input.sections_completed }),
        ...(input.flagged_question_ids && {
          flaggedQuestionIds: [...new Set(input.flagged_question_ids)],
        }),
        lastActivity: touch.now,
      })
      .where(eq(testSessions.id, session.id))
      .returning()
    await logEvents(touch.tx, session, touch.now, [
      ...(input.pending_answers
        ? [{ type: 'draft_saved', data: { question_ids: Object.keys(input.pending_answers) } }]
        : []),
      ...(input.flagged_question_ids
        ? [{ type: 'flagged', data: { question_ids: input.flagged_question_ids } }]
        : []),
    ])
    return snapshot({ ...touch, session: updated ?? session })
  })
}
