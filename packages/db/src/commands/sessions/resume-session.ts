import { claimLease, invitationRevoked, isFinished } from '@assess/core'
import { and, desc, eq, inArray } from 'drizzle-orm'
import { fromRaw } from '../../raw-rows.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { invitations, testSessions } from '../../schema/index.ts'
import { loadDefinition } from './definition.ts'
import { type DraftRow, draftsOf, loadDrafts } from './drafts.ts'
import { logEvents } from './events.ts'
import type { CandidateScope, SessionContext, SessionSnapshot } from './types.ts'
import { snapshot, withSession } from './with-session.ts'

interface ResumeParams extends Omit<CandidateScope, 'sessionId'> {
  takeover: boolean
  /** The lease this device already holds (a reload of the same tab keeps it). */
  leaseId?: string | undefined
}

/**
 * Resume: the candidate's active session for the assessment their token is scoped to, with a
 * lease when none is held or the holder went quiet, or when `takeover` (another device) is asked.
 * When nothing is due on the clock it takes two pipelined round trips; otherwise the full path.
 */
export async function resumeActiveSession(
  ctx: SessionContext,
  params: ResumeParams,
): Promise<ActiveSession | null> {
  const definition = await loadDefinition(ctx.db, params.assessmentId)
  const now = ctx.now()
  const at = now.toISOString()
  const quick = await pipelinedTransaction(ctx.db.$client, async ({ sql, commitWith }) => {
    const activeId =
      () => sql`(SELECT id FROM test_sessions WHERE candidate_id = ${params.candidateId}
      AND assessment_id = ${params.assessmentId} AND invitation_id = ${params.invitationId}
      AND status IN ('active', 'paused'))`
    // Pipelined with BEGIN: the lock, then (statements of their own, after it) the answered ids
    // and the drafts the page reloads with.
    const [[raw], rows, draftRows] = await Promise.all([
      sql`SELECT * FROM test_sessions
        WHERE candidate_id = ${params.candidateId} AND assessment_id = ${params.assessmentId}
          AND invitation_id = ${params.invitationId} AND status IN ('active', 'paused')
        FOR UPDATE`,
      sql<
        { question_id: string }[]
      >`SELECT question_id FROM answers WHERE session_id = ${activeId()}`,
      sql<DraftRow[]>`SELECT question_id AS "questionId", draft, rev, lease_id AS "leaseId",
          write_id AS "writeId"
        FROM session_drafts WHERE session_id = ${activeId()}`,
    ])
    if (!raw) return { found: false as const }
    const session = fromRaw(testSessions, raw)
    if (session.nextDeadlineAt !== null && session.nextDeadlineAt.getTime() <= now.getTime())
      return null // the clock has work to do: the full path catches up first
    const answered = new Set(rows.map((r) => r.question_id))
    const base = {
      session,
      definition,
      answeredQuestionIds: answered,
      now,
      storedDrafts: draftsOf(draftRows),
    }
    const claim = claimLease(session, {
      leaseId: params.leaseId,
      takeover: params.takeover,
      now,
      newLeaseId: crypto.randomUUID(),
    })
    if (!claim.granted) return { found: true as const, ...base, leaseId: null, leaseConflict: true }
    const events = [
      ...(claim.tookOver ? [{ type: 'device_changed', data: { revoked_lease: true } }] : []),
      { type: 'resumed', data: { takeover: params.takeover } },
    ]
    const [row] = await commitWith(sql<{ session: Record<string, unknown> }[]>`
      WITH resumed AS (
        UPDATE test_sessions SET lease_id = ${claim.leaseId}, lease_renewed_at = ${at},
          revoked_lease_ids = ${JSON.stringify(claim.revokedLeaseIds)}::jsonb,
          last_heartbeat = ${at}, left_at = NULL
        WHERE id = ${session.id}
        RETURNING *
      ), logged AS (
        INSERT INTO session_events (org_id, session_id, type, at, data)
        SELECT r.org_id, r.id, e.type, ${at}, e.data
        FROM resumed r, jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(type text, data jsonb)
      )
      SELECT to_jsonb(resumed) AS session FROM resumed`)
    if (!row) throw new Error('session update returned nothing')
    return {
      found: true as const,
      ...base,
      session: fromRaw(testSessions, row.session),
      leaseId: claim.leaseId,
      leaseConflict: false,
    }
  })
  if (quick === null) return resumeLocked(ctx, params)
  if (!quick.found) {
    // No active session (the rare case): a revoked invitation says so instead of "none".
    await assertInvitationLive(ctx, params.invitationId)
    return null
  }
  const { found: _, ...active } = quick
  return active
}

export type ActiveSession = SessionSnapshot & { leaseId: string | null; leaseConflict: boolean }

/** The full path: catch-up on the locked row first, then the same claim. */
async function resumeLocked(
  ctx: SessionContext,
  params: ResumeParams,
): Promise<ActiveSession | null> {
  const [row] = await ctx.db
    .select({ id: testSessions.id })
    .from(testSessions)
    .where(
      and(
        eq(testSessions.candidateId, params.candidateId),
        eq(testSessions.assessmentId, params.assessmentId),
        eq(testSessions.invitationId, params.invitationId),
        inArray(testSessions.status, ['active', 'paused']),
      ),
    )
    .orderBy(desc(testSessions.startedAt))
    .limit(1)
  if (!row) {
    await assertInvitationLive(ctx, params.invitationId)
    return null
  }
  const result = await withSession(
    ctx,
    { sessionId: row.id, candidateId: params.candidateId, invitationId: params.invitationId },
    async (touch) => {
      const { tx, session, now } = touch
      if (isFinished(session.status))
        return { ...snapshot(touch), leaseId: null, leaseConflict: false, ended: true }
      const claim = claimLease(session, {
        leaseId: params.leaseId,
        takeover: params.takeover,
        now,
        newLeaseId: crypto.randomUUID(),
      })
      if (!claim.granted)
        return {
          ...snapshot(touch),
          storedDrafts: await loadDrafts(tx, session.id),
          leaseId: null,
          leaseConflict: true,
          ended: false,
        }
      const { leaseId } = claim
      const [updated] = await tx
        .update(testSessions)
        .set({
          leaseId,
          leaseRenewedAt: now,
          revokedLeaseIds: claim.revokedLeaseIds,
          lastHeartbeat: now,
          leftAt: null,
        })
        .where(eq(testSessions.id, session.id))
        .returning()
      if (!updated) throw new Error('session update returned nothing')
      await logEvents(tx, session, now, [
        ...(claim.tookOver ? [{ type: 'device_changed', data: { revoked_lease: true } }] : []),
        { type: 'resumed', data: { takeover: params.takeover } },
      ])
      return {
        ...snapshot({ ...touch, session: updated }),
        storedDrafts: await loadDrafts(tx, session.id),
        leaseId,
        leaseConflict: false,
        ended: false,
      }
    },
  )
  return result.ended ? null : result
}

async function assertInvitationLive(ctx: SessionContext, invitationId: string) {
  const [row] = await ctx.db
    .select({ status: invitations.status })
    .from(invitations)
    .where(eq(invitations.id, invitationId))
  if (row?.status === 'revoked') throw invitationRevoked()
}
