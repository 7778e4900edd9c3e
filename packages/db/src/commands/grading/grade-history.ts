import { NotFoundError } from '@assess/core'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db, Transaction } from '../../client.ts'
import { answers, gradeHistory, testSessions, users } from '../../schema/index.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'
import type { SessionRow } from '../sessions/types.ts'

export type GradeHistoryRow = typeof gradeHistory.$inferSelect
export interface Person {
  id: string
  name: string
  email: string
}
/** A history entry with the person who replaced the grade (null: the user is gone). */
export type GradeHistoryRecord = GradeHistoryRow & { by: Person | null }

export const answerNotFound = () => new NotFoundError('answer_not_found', 'Answer not found')

/**
 * Locks the session of an answer of the actor's organization (else 404). Grade changes lock the
 * session before any answer, as the grading worker does, so the two never deadlock.
 */
export async function lockSessionOfAnswer(
  tx: Transaction,
  params: { orgId: string; answerId: string },
): Promise<SessionRow> {
  const [session] = await tx
    .select()
    .from(testSessions)
    .where(
      and(
        eq(testSessions.orgId, params.orgId),
        eq(testSessions.id, sql`(SELECT session_id FROM answers WHERE id = ${params.answerId})`),
      ),
    )
    .for('update')
  if (!session) throw answerNotFound()
  return session
}

/** The replaced grades of `replaced`, as they are on the answers now. */
export async function recordGradeHistory(
  tx: Transaction,
  params: {
    session: SessionRow
    replaced: AnswerRow[]
    action: 'override' | 'regrade'
    reason: string
    byUserId: string
    now: Date
  },
): Promise<GradeHistoryRow[]> {
  if (params.replaced.length === 0) return []
  return tx
    .insert(gradeHistory)
    .values(
      params.replaced.map((a) => ({
        orgId: params.session.orgId,
        answerId: a.id,
        sessionId: params.session.id,
        gradingStatus: a.gradingStatus,
        score: a.score,
        maxScore: a.maxScore,
        feedback: a.feedback,
        grader: a.grader,
        gradedAt: a.gradedAt,
        replacedAt: params.now,
        replacedBy: params.byUserId,
        action: params.action,
        reason: params.reason,
      })),
    )
    .returning()
}

/** The staff member acting, as the history and the summary's annotation name them. */
export async function personOf(db: Db, userId: string): Promise<Person | null> {
  const [person] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, userId))
  return person ?? null
}

/** A session's grade history, oldest first, with who replaced each grade. */
export async function readGradeHistory(db: Db, sessionId: string): Promise<GradeHistoryRecord[]> {
  const rows = await db
    .select({
      entry: gradeHistory,
      byId: users.id,
      byName: users.name,
      byEmail: users.email,
    })
    .from(gradeHistory)
    .leftJoin(users, eq(users.id, gradeHistory.replacedBy))
    // By answer, so the read uses the history's (answer_id, replaced_at) index.
    .where(
      inArray(
        gradeHistory.answerId,
        db.select({ id: answers.id }).from(answers).where(eq(answers.sessionId, sessionId)),
      ),
    )
    .orderBy(asc(gradeHistory.replacedAt), asc(gradeHistory.id))
  return rows.map((r) => ({
    ...r.entry,
    by: r.byId ? { id: r.byId, name: r.byName ?? '', email: r.byEmail ?? '' } : null,
  }))
}
