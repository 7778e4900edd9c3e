import { asc, eq } from 'drizzle-orm'
import { answers, sessionEvents, users } from '../../schema/index.ts'
import type { AssessmentRow, QuestionRow } from '../assessments/types.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'
import type { SessionContext, SessionRow } from '../sessions/types.ts'
import { withSession } from '../sessions/with-session.ts'

export interface SessionReportData {
  session: SessionRow
  assessment: AssessmentRow
  candidate: { id: string; email: string; name: string }
  /** Every question in position order, with its answer (null while unanswered). */
  items: { question: QuestionRow; answer: AnswerRow | null }[]
  /** The timeline, oldest first. */
  events: { type: string; at: Date; data: unknown }[]
}

/**
 * A recruiter's report on one session of their organization (else 404). Like every read of a
 * session it runs the clock's catch-up first, so an overdue question shows as finalized.
 */
export function readSessionReport(
  ctx: SessionContext,
  params: { sessionId: string; orgId: string },
): Promise<SessionReportData> {
  return withSession(ctx, params, async ({ tx, session, definition }) => {
    const [candidate] = await tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, session.candidateId))
    if (!candidate) throw new Error('session without a candidate')
    const stored = await tx.select().from(answers).where(eq(answers.sessionId, session.id))
    const events = await tx
      .select({ type: sessionEvents.type, at: sessionEvents.at, data: sessionEvents.data })
      .from(sessionEvents)
      .where(eq(sessionEvents.sessionId, session.id))
      .orderBy(asc(sessionEvents.at), asc(sessionEvents.id))
    const byQuestion = new Map(stored.map((a) => [a.questionId, a]))
    return {
      session,
      assessment: definition.assessment,
      candidate,
      items: definition.questions.map((question) => ({
        question,
        answer: byQuestion.get(question.id) ?? null,
      })),
      events,
    }
  })
}
