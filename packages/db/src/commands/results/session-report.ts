import { eq } from 'drizzle-orm'
import { answers, users } from '../../schema/index.ts'
import type { AssessmentRow, QuestionRow } from '../assessments/types.ts'
import { type GradeHistoryRecord, readGradeHistory } from '../grading/grade-history.ts'
import { readSession } from '../sessions/read-session.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'
import type { SessionContext, SessionRow } from '../sessions/types.ts'
import {
  latestEvent,
  pastesByQuestion,
  type TimelineEvent,
  type TimelinePage,
  timelineCounts,
  timelinePage,
} from './timeline.ts'

export interface SessionReportData {
  session: SessionRow
  assessment: AssessmentRow
  candidate: { id: string; email: string; name: string }
  /**
   * Every question in position order, with its answer (null while unanswered) and the grades
   * the answer had before an override or a regrade, oldest first.
   */
  items: {
    question: QuestionRow
    answer: AnswerRow | null
    history: GradeHistoryRecord[]
    /** Pastes while this question was on screen. */
    pastes: { count: number; characters: number }
  }[]
  /** The timeline's first page, oldest first; the rest is read page by page (readTimeline). */
  timeline: TimelinePage & { total: number; counts: Record<string, number> }
  /** Who cancelled the session and why, when it was cancelled. */
  cancellation: TimelineEvent | null
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
  const [[candidate], stored, firstPage, counts, history, cancellation, pastes] = await Promise.all(
    [
      ctx.db
        .select({ id: users.id, email: users.email, name: users.name })
        .from(users)
        .where(eq(users.id, session.candidateId)),
      ctx.db.select().from(answers).where(eq(answers.sessionId, session.id)),
      timelinePage(ctx.db, { sessionId: session.id }),
      timelineCounts(ctx.db, session.id),
      readGradeHistory(ctx.db, session.id),
      session.status === 'cancelled' ? latestEvent(ctx.db, session.id, 'cancelled') : null,
      pastesByQuestion(ctx.db, session.id),
    ],
  )
  if (!candidate) throw new Error('session without a candidate')
  const byQuestion = new Map(stored.map((a) => [a.questionId, a]))
  return {
    session,
    assessment: definition.assessment,
    candidate,
    items: definition.questions.map((question) => {
      const answer = byQuestion.get(question.id) ?? null
      return {
        question,
        answer,
        history: answer ? history.filter((h) => h.answerId === answer.id) : [],
        pastes: pastes.get(question.id) ?? { count: 0, characters: 0 },
      }
    }),
    timeline: {
      ...firstPage,
      counts,
      total: Object.values(counts).reduce((sum, n) => sum + n, 0),
    },
    cancellation,
  }
}
