import { invitationRevoked } from '@assess/core'
import { and, asc, eq, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../client.ts'
import { answers, testSessions, users } from '../../schema/index.ts'
import { loadDefinition } from './definition.ts'
import type { SessionContext, SessionSnapshot } from './types.ts'
import { type SessionOwner, snapshot, withSession } from './with-session.ts'

function prepareReads(db: Database) {
  // One statement, so the row and its answers are read at the same moment.
  const read = (owner: SQL | undefined) =>
    db
      .select({
        session: testSessions,
        answered: sql<string[]>`ARRAY(SELECT question_id::text FROM answers
          WHERE session_id = ${testSessions.id})`,
        invitationRevoked: sql<boolean>`EXISTS (SELECT 1 FROM invitations
          WHERE id = ${testSessions.invitationId} AND status = 'revoked')`,
      })
      .from(testSessions)
      .where(and(eq(testSessions.id, sql.placeholder('id')), owner))
  return {
    byCandidate: read(
      and(
        eq(testSessions.candidateId, sql.placeholder('owner')),
        eq(testSessions.invitationId, sql.placeholder('invitation')),
      ),
    ).prepare('read_own'),
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
  owner: SessionOwner,
): Promise<SessionSnapshot> {
  const now = ctx.now()
  let prepared = reads.get(ctx.db)
  if (!prepared) {
    prepared = prepareReads(ctx.db)
    reads.set(ctx.db, prepared)
  }
  const [row] =
    'candidateId' in owner
      ? await prepared.byCandidate.execute({
          id: owner.sessionId,
          owner: owner.candidateId,
          invitation: owner.invitationId,
        })
      : await prepared.byOrg.execute({ id: owner.sessionId, owner: owner.orgId })
  if (row?.invitationRevoked && 'candidateId' in owner) throw invitationRevoked()
  const session = row?.session
  const due =
    session?.status === 'active' &&
    session.nextDeadlineAt !== null &&
    session.nextDeadlineAt.getTime() <= now.getTime()
  if (!row || !session || due) return withSession(ctx, owner, async (touch) => snapshot(touch))
  const definition = await loadDefinition(ctx.db, session.assessmentId)
  return { session, definition, answeredQuestionIds: new Set(row.answered), now }
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
