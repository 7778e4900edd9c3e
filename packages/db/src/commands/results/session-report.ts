import { eq } from 'drizzle-orm'
import { answers, users } from '../../schema/index.ts'
import type { AssessmentRow, QuestionRow } from '../assessments/types.ts'
import { readSession } from '../sessions/read-session.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'
import type { SessionContext, SessionRow } from '../sessions/types.ts'
import { type TimelinePage, timelineCounts, timelinePage } from './timeline.ts'

export interface SessionReportData {
  session: SessionRow
  assessment: AssessmentRow
  candidate: { id: string; email: string; name: string }
  /** Every question in position order, with its answer (null while unanswered). */
  items: { question: QuestionRow; answer: AnswerRow | null }[]
  /** The timeline's first page, oldest first; the rest is read page by page (readTimeline). */
  timeline: TimelinePage & { total: number; counts: Record<string, number> }
}

/**
 * A recruiter's report on one session of their organization (else 404). Like every read of a
 * session it catches the clock up first (so an overdue question shows as finalized), then reads
 * without holding the session's lock, and at most one page of its timeline.
 */
export async function readSessionReport(
  ctx: SessionContext,
  params: { sessionId: string; orgId: string },
): Promise<SessionReportData> {
  const { session, definition } = await readSession(ctx, params)
  const [[candidate], stored, firstPage, counts] = await Promise.all([
    ctx.db
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, session.candidateId)),
    ctx.db.select().from(answers).where(eq(answers.sessionId, session.id)),
    timelinePage(ctx.db, { sessionId: session.id }),
    timelineCounts(ctx.db, session.id),
  ])
  if (!candidate) throw new Error('session without a candidate')
  const byQuestion = new Map(stored.map((a) => [a.questionId, a]))
  return {
    session,
    assessment: definition.assessment,
    candidate,
    items: definition.questions.map((question) => ({
      question,
      answer: byQuestion.get(question.id) ?? null,
    })),
    timeline: {
      ...firstPage,
      counts,
      total: Object.values(counts).reduce((sum, n) => sum + n, 0),
    },
  }
}
