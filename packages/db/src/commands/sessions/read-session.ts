import { claimLease } from '@assess/core'
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../client.ts'
import { answers, testSessions, users } from '../../schema/index.ts'
import { loadDefinition } from './definition.ts'
import { logEvents } from './events.ts'
import type { SessionContext, SessionSnapshot } from './types.ts'
import { snapshot, withSession } from './with-session.ts'

function prepareReads(db: Database) {
  // One statement, so the row and its answers are read at the same moment.
  const read = (owner: SQL | undefined) =>
    db
      .select({
        session: testSessions,
        answered: sql<string[]>`ARRAY(SELECT question_id::text FROM answers
          WHERE session_id = ${testSessions.id})`,
      })
      .from(testSessions)
      .where(and(eq(testSessions.id, sql.placeholder('id')), owner))
  return {
    byCandidate: read(eq(testSessions.candidateId, sql.placeholder('owner'))).prepare('read_own'),
    byOrg: read(eq(testSessions.orgId, sql.placeholder('owner'))).prepare('read_org'),
  }
}
/** Built once per pool: drizzle otherwise builds a query's SQL anew on every call. */
const reads = new WeakMap<Database, ReturnType<typeof prepareReads>>()

/**
 * The session as its owner (candidate) or its organization (recruiter) may read it; catches up
 * first. When the clock has nothing due (no deadline passed, or the session is over) the read
 * takes no lock and no transaction: one prepared statement.
 */
export async function readSession(
  ctx: SessionContext,
  owner: { sessionId: string; candidateId: string } | { sessionId: string; orgId: string },
): Promise<SessionSnapshot> {
  const now = ctx.now()
  let prepared = reads.get(ctx.db)
  if (!prepared) {
    prepared = prepareReads(ctx.db)
    reads.set(ctx.db, prepared)
  }
  const [row] =
    'candidateId' in owner
      ? await prepared.byCandidate.execute({ id: owner.sessionId, owner: owner.candidateId })
      : await prepared.byOrg.execute({ id: owner.sessionId, owner: owner.orgId })
  const session = row?.session
  const due =
    session?.status === 'active' &&
    session.nextDeadlineAt !== null &&
    session.nextDeadlineAt.getTime() <= now.getTime()
  if (!row || !session || due) return withSession(ctx, owner, async (touch) => snapshot(touch))
  const definition = await loadDefinition(ctx.db, session.assessmentId)
  return { session, definition, answeredQuestionIds: new Set(row.answered), now }
}

export type ActiveSession = SessionSnapshot & { leaseId: string | null; leaseConflict: boolean }

/**
 * Resume: the candidate's active session for the assessment their token is scoped to, with a
 * lease when none is held or the holder went quiet, or when `takeover` (another device) is asked.
 */
export async function resumeActiveSession(
  ctx: SessionContext,
  params: {
    candidateId: string
    assessmentId: string
    takeover: boolean
    /** The lease this device already holds (a reload of the same tab keeps it). */
    leaseId?: string | undefined
  },
): Promise<ActiveSession | null> {
  const [row] = await ctx.db
    .select({ id: testSessions.id })
    .from(testSessions)
    .where(
      and(
        eq(testSessions.candidateId, params.candidateId),
        eq(testSessions.assessmentId, params.assessmentId),
        eq(testSessions.status, 'active'),
      ),
    )
    .orderBy(desc(testSessions.startedAt))
    .limit(1)
  if (!row) return null
  const result = await withSession(
    ctx,
    { sessionId: row.id, candidateId: params.candidateId },
    async (touch) => {
      const { tx, session, now } = touch
      if (session.status !== 'active')
        return { ...snapshot(touch), leaseId: null, leaseConflict: false, ended: true }
      const claim = claimLease(session, {
        leaseId: params.leaseId,
        takeover: params.takeover,
        now,
        newLeaseId: crypto.randomUUID(),
      })
      if (!claim.granted)
        return { ...snapshot(touch), leaseId: null, leaseConflict: true, ended: false }
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
        leaseId,
        leaseConflict: false,
        ended: false,
      }
    },
  )
  return result.ended ? null : result
}

/** The recruiter's view of one session of their organization: state, candidate and answers. */
export async function readSessionForStaff(
  ctx: SessionContext,
  params: { sessionId: string; orgId: string },
) {
  const snap = await readSession(ctx, { sessionId: params.sessionId, orgId: params.orgId })
  const [candidate] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, snap.session.candidateId))
  const rows = await ctx.db
    .select()
    .from(answers)
    .where(eq(answers.sessionId, snap.session.id))
    .orderBy(asc(answers.submittedAt))
  if (!candidate) throw new Error('session without a candidate')
  return { ...snap, candidate, answers: rows }
}
