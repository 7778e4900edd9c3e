import { DomainError, invitationRevoked, isFinished, NotFoundError } from '@assess/core'
import { and, eq } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { invitations, testSessions } from '../../schema/index.ts'
import { applyCatchUp } from './catch-up.ts'
import { type AssessmentDefinition, loadDefinition } from './definition.ts'
import type { SessionContext, SessionRow, SessionSnapshot } from './types.ts'

export interface Touch {
  tx: Transaction
  session: SessionRow
  definition: AssessmentDefinition
  answered: Set<string>
  now: Date
  /** Answers this transaction stored; they are queued for grading once it commits. */
  stored: string[]
  /** The session was under way when the call's own work began (after the catch-up). */
  liveAtStart?: boolean
}

export const sessionNotFound = () => new NotFoundError('session_not_found', 'Session not found')

/** Whose session: a candidate's (scoped to their token's invitation) or an organization's. */
export type SessionOwner =
  | { sessionId: string; candidateId: string; invitationId: string }
  | { sessionId: string; orgId: string }

/**
 * The frame of every call on a session: lock the row (owner's only, else 404), run the clock's
 * catch-up, then `fn`. A domain error from `fn` undoes only `fn`'s writes (a savepoint): the
 * catch-up stays committed and its answers are queued, so a refused call still loses nothing.
 */
export async function withSession<T>(
  ctx: SessionContext,
  owner: SessionOwner,
  fn: (touch: Touch) => Promise<T>,
): Promise<T> {
  const now = ctx.now()
  const stored: string[] = []
  let failure: DomainError | undefined
  let clockEnded: SessionRow | undefined
  const result = await ctx.db.transaction(async (tx) => {
    const scope =
      'candidateId' in owner
        ? and(
            eq(testSessions.candidateId, owner.candidateId),
            eq(testSessions.invitationId, owner.invitationId),
          )
        : eq(testSessions.orgId, owner.orgId)
    const [found] = await tx
      .select({ session: testSessions, invitationStatus: invitations.status })
      .from(testSessions)
      .leftJoin(invitations, eq(invitations.id, testSessions.invitationId))
      .where(and(eq(testSessions.id, owner.sessionId), scope))
      .for('update', { of: testSessions })
    if (!found) throw sessionNotFound()
    // A revoked invitation's token stops working at once, whatever state its session is in.
    if ('candidateId' in owner && found.invitationStatus === 'revoked') throw invitationRevoked()
    const row = found.session
    const definition = await loadDefinition(tx, row.assessmentId)
    const caught = await applyCatchUp(tx, row, definition, now)
    stored.push(...caught.newAnswerIds)
    if (row.status === 'active' && isFinished(caught.session.status)) clockEnded = caught.session
    const touch: Touch = {
      tx,
      session: caught.session,
      definition,
      answered: caught.answered,
      now,
      stored,
      liveAtStart: !isFinished(caught.session.status),
    }
    try {
      return await tx.transaction(async (savepoint) => fn({ ...touch, tx: savepoint }))
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      failure = err
      return undefined
    }
  })
  await ctx.queue.enqueueGrading(stored)
  if (clockEnded) ctx.onClockEnded?.(clockEnded)
  if (failure) throw failure
  return result as T
}

export const snapshot = (
  t: Pick<Touch, 'session' | 'definition' | 'answered' | 'now' | 'liveAtStart'>,
): SessionSnapshot => ({
  session: t.session,
  definition: t.definition,
  answeredQuestionIds: t.answered,
  now: t.now,
  endedByCall: t.liveAtStart === true && isFinished(t.session.status),
})
