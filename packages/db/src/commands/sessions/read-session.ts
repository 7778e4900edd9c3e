import { invitationRevoked } from '@assess/core'
import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../client.ts'
import { answers, questions, testSessions, users } from '../../schema/index.ts'
import { loadDefinition } from './definition.ts'
import type { LastAnswer, SessionContext, SessionSnapshot } from './types.ts'
import { type SessionOwner, snapshot, withSession } from './with-session.ts'

/**
 * The session row's columns, qualified: drizzle leaves a column of a one-table select
 * unqualified, and inside a subquery on answers `"id"` would name the answer's own.
 */
const session = (column: string) => sql.raw(`"test_sessions"."${column}"`)

function prepareReads(db: Database) {
  // One statement, so the row and its answers are read at the same moment.
  const read = (owner: SQL | undefined) =>
    db
      .select({
        session: testSessions,
        answered: sql<string[]>`ARRAY(SELECT a.question_id::text FROM answers a
          WHERE a.session_id = ${session('id')})`,
        invitationRevoked: sql<boolean>`EXISTS (SELECT 1 FROM invitations i
          WHERE i.id = ${session('invitation_id')} AND i.status = 'revoked')`,
        // Only once the test is over (the done page says how it ended): not on the hot path.
        lastAnswer: sql<{
          question_id: string
          submitted_at: string
          time_expired: boolean
        } | null>`
          CASE WHEN ${session('status')} NOT IN ('active', 'paused') THEN (
            SELECT json_build_object('question_id', a.question_id,
              'submitted_at', a.submitted_at, 'time_expired', a.time_expired)
            FROM answers a JOIN questions q ON q.id = a.question_id
            WHERE a.session_id = ${session('id')}
            ORDER BY a.submitted_at DESC, q.position DESC LIMIT 1) END`,
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
  if (!row || !session || due) {
    const caught = await withSession(ctx, owner, async (touch) => snapshot(touch))
    const over = caught.session.status !== 'active' && caught.session.status !== 'paused'
    return over ? { ...caught, lastAnswer: await lastAnswerOf(ctx.db, caught.session.id) } : caught
  }
  const definition = await loadDefinition(ctx.db, session.assessmentId)
  const last = row.lastAnswer
  return {
    session,
    definition,
    answeredQuestionIds: new Set(row.answered),
    now,
    ...(session.status !== 'active' &&
      session.status !== 'paused' && {
        lastAnswer: last && {
          questionId: last.question_id,
          submittedAt: new Date(last.submitted_at),
          timeExpired: last.time_expired,
        },
      }),
  }
}

/** A session's last answer (the read above has it in its one statement). */
async function lastAnswerOf(db: Database, sessionId: string): Promise<LastAnswer | null> {
  const [last] = await db
    .select({
      questionId: answers.questionId,
      submittedAt: answers.submittedAt,
      timeExpired: answers.timeExpired,
    })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(eq(answers.sessionId, sessionId))
    .orderBy(desc(answers.submittedAt), desc(questions.position))
    .limit(1)
  return last ?? null
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
