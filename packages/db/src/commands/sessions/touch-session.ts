import {
  type AnswerPayload,
  admitSave,
  checkAnswer,
  draftEventDue,
  mayReplaceDraft,
  nextDraftVersion,
  type ProgressInput,
  RateLimitedError,
  TooLargeError,
  ValidationError,
} from '@assess/core'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { isCheckViolation } from '../../pg-errors.ts'
import { sessionDrafts, testSessions } from '../../schema/index.ts'
import { type AssessmentDefinition, loadDefinition } from './definition.ts'
import { dropDrafts, loadDrafts } from './drafts.ts'
import { logEvents } from './events.ts'
import { fastSaveProgress } from './fast-save.ts'
import {
  DRAFTS_FIT,
  draftOutcome,
  type FastTouch,
  fastLiveness,
  MAX_DRAFT_BYTES,
  progressEvents,
  type Touched,
} from './fast-touch.ts'
import { assertActive, assertLease } from './lease.ts'
import type { CandidateScope, SessionContext } from './types.ts'
import { snapshot, withSession } from './with-session.ts'

interface LeasedCall extends CandidateScope {
  leaseId: string | undefined
}

/** The one-statement common case when a lease was sent (see fast-touch.ts); null otherwise. */
const fast = (params: LeasedCall): FastTouch | null =>
  params.leaseId ? { ...params, leaseId: params.leaseId } : null

/** Liveness: renews the lease; coming back after a tab close clears left_at. */
export async function heartbeat(ctx: SessionContext, params: LeasedCall): Promise<Touched> {
  const call = fast(params)
  const done = call && (await fastLiveness(ctx, call, 'heartbeat'))
  if (done) return done
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

export async function recordActivity(ctx: SessionContext, params: LeasedCall): Promise<Touched> {
  const call = fast(params)
  const done = call && (await fastLiveness(ctx, call, 'activity'))
  if (done) return done
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
export async function saveProgress(
  ctx: SessionContext,
  params: LeasedCall & { input: ProgressInput },
): Promise<Touched> {
  const { input } = params
  const definition = await loadDefinition(ctx.db, params.assessmentId)
  const unknown = [
    ...Object.keys(input.pending_answers ?? {}),
    ...(input.flagged_question_ids ?? []),
  ].filter((id) => !definition.indexById.has(id))
  if (unknown.length > 0)
    throw new ValidationError('validation_failed', 'Some question ids are not in this test', {
      fields: { question_ids: unknown.map((id) => `${id} is not a question of this test`) },
    })
  assertDraftsFit(definition, input.pending_answers ?? {})
  const call = fast(params)
  const done = call && (await fastSaveProgress(ctx, { ...call, input, definition }))
  if (done) return done
  return withSession(ctx, params, async (touch) => {
    assertActive(touch.session)
    assertLease(touch.session, params.leaseId)
    const { session, now } = touch
    const admission = admitSave(
      { windowAt: session.progressWindowAt, saves: session.progressWindowSaves },
      now,
    )
    if (!admission.allowed)
      throw new RateLimitedError('rate_limited', 'Too many saves; try again shortly', {
        retry_after_seconds: Math.max(1, Math.ceil(admission.retryAfterMs / 1000)),
      })
    const entries = Object.entries(input.pending_answers ?? {})
    const logDraft = entries.length > 0 && draftEventDue(session.draftEventAt, now)
    const stored = await loadDrafts(
      touch.tx,
      session.id,
      entries.map(([id]) => id),
    )
    const lease = params.leaseId ?? null
    const write = crypto.randomUUID()
    const written: (typeof sessionDrafts.$inferInsert)[] = []
    const cleared: string[] = []
    const answeredSent: string[] = []
    for (const [questionId, draft] of entries) {
      // Answered questions keep no draft: the answer is final (one left by a save that raced
      // the answer is dropped).
      if (touch.answered.has(questionId)) {
        answeredSent.push(questionId)
        delete stored.answers[questionId]
        delete stored.versions[questionId]
        continue
      }
      if (draft === null) cleared.push(questionId)
      else if (mayReplaceDraft(stored.versions[questionId], input.draft_bases?.[questionId])) {
        const version = nextDraftVersion(stored.versions[questionId], lease, write)
        stored.answers[questionId] = draft
        stored.versions[questionId] = version
        written.push({
          sessionId: session.id,
          questionId,
          draft,
          rev: version.rev,
          leaseId: lease,
          writeId: write,
          savedAt: now,
        })
      }
    }
    // Cleared first, so the cap counts what this save leaves.
    if (cleared.length > 0)
      await touch.tx
        .update(sessionDrafts)
        .set({ draft: null, savedAt: now })
        .where(
          and(eq(sessionDrafts.sessionId, session.id), inArray(sessionDrafts.questionId, cleared)),
        )
    await dropDrafts(touch.tx, session.id, answeredSent)
    try {
      if (written.length > 0)
        await touch.tx
          .insert(sessionDrafts)
          .values(written)
          .onConflictDoUpdate({
            target: [sessionDrafts.sessionId, sessionDrafts.questionId],
            set: {
              draft: sql`excluded.draft`,
              rev: sql`excluded.rev`,
              leaseId: sql`excluded.lease_id`,
              writeId: sql`excluded.write_id`,
              savedAt: sql`excluded.saved_at`,
            },
          })
    } catch (err) {
      if (!isCheckViolation(err, DRAFTS_FIT)) throw err
      throw new TooLargeError(
        'drafts_too_large',
        `This attempt's drafts together may take at most ${MAX_DRAFT_BYTES / 1024 / 1024} MiB`,
      )
    }
    const [updated] = await touch.tx
      .update(testSessions)
      .set({
        ...(input.sections_completed && { sectionsCompleted: input.sections_completed }),
        ...(input.flagged_question_ids && {
          flaggedQuestionIds: [...new Set(input.flagged_question_ids)],
        }),
        lastActivity: now,
        progressWindowAt: admission.window.windowAt,
        progressWindowSaves: admission.window.saves,
        ...(logDraft && { draftEventAt: now }),
      })
      .where(eq(testSessions.id, session.id))
      .returning()
    const events = progressEvents(input).filter((e) => e.type !== 'draft_saved' || logDraft)
    await logEvents(touch.tx, session, now, events)
    const sent = entries.filter(([, draft]) => draft !== null).map(([id]) => id)
    return {
      ...snapshot({ ...touch, session: updated ?? session }),
      drafts: draftOutcome(sent, stored.versions, stored.answers, write),
    }
  })
}

/** Each draft must be a possible answer to its question: its type's shape, options, language. */
function assertDraftsFit(
  definition: AssessmentDefinition,
  drafts: Record<string, AnswerPayload | null>,
) {
  const fields: Record<string, string[]> = {}
  for (const [questionId, draft] of Object.entries(drafts)) {
    const index = definition.indexById.get(questionId)
    const question = index === undefined ? undefined : definition.questions[index]
    if (draft === null || !question) continue
    const checked = checkAnswer(question.spec, draft)
    if (checked.ok) continue
    for (const [field, messages] of Object.entries(checked.fields))
      fields[`pending_answers.${questionId}${field.replace(/^answer/, '')}`] = messages
  }
  if (Object.keys(fields).length > 0)
    throw new ValidationError('validation_failed', 'A draft does not fit its question', { fields })
}
