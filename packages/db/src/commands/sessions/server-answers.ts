import { answerFromDraft } from '@assess/core'
import { eq } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { answers } from '../../schema/index.ts'
import type { AssessmentDefinition } from './definition.ts'
import type { SessionRow } from './types.ts'

export interface ServerFinalization {
  questionId: string
  servedAt: Date | null
  /** When the window closed; null when the session ended before it did. */
  windowEnd: Date | null
  timeExpired: boolean
}

/**
 * The draft a server-written answer is made of. A timed question never served (free
 * navigation: never opened; sequential: not reached) was never shown: a draft saved for it
 * anyway (only a client skipping the page could) does not count.
 */
export function draftThatCounts(
  session: Pick<SessionRow, 'pendingAnswers'>,
  question: { id: string; timeLimitSeconds: number | null },
  servedAt: Date | null,
): unknown {
  if (servedAt === null && question.timeLimitSeconds !== null) return undefined
  return session.pendingAnswers[question.id]
}

/**
 * Answers the server writes itself (a closed window, completion, abandonment): the candidate's
 * last saved draft when it is a valid answer, else an empty one. Nothing typed is lost.
 */
export async function insertServerAnswers(
  tx: Transaction,
  session: SessionRow,
  definition: AssessmentDefinition,
  items: ServerFinalization[],
  now: Date,
): Promise<string[]> {
  if (items.length === 0) return []
  const values = items.map((item) => {
    const index = definition.indexById.get(item.questionId)
    const question = index === undefined ? undefined : definition.questions[index]
    if (!question) throw new Error(`question ${item.questionId} is not in the assessment`)
    const end = item.windowEnd ?? now
    return {
      sessionId: session.id,
      questionId: question.id,
      answer: answerFromDraft(question.spec, draftThatCounts(session, question, item.servedAt)),
      submittedAt: now,
      timeTakenMs: item.servedAt
        ? Math.max(0, Math.round(end.getTime() - item.servedAt.getTime()))
        : 0,
      timeExpired: item.timeExpired,
      submittedBy: 'server' as const,
      maxScore: question.points,
    }
  })
  const inserted = await tx
    .insert(answers)
    .values(values)
    .onConflictDoNothing({ target: [answers.sessionId, answers.questionId] })
    .returning({ id: answers.id })
  return inserted.map((r) => r.id)
}

export async function answeredQuestionIds(
  tx: Transaction,
  sessionId: string,
): Promise<Set<string>> {
  const rows = await tx
    .select({ questionId: answers.questionId })
    .from(answers)
    .where(eq(answers.sessionId, sessionId))
  return new Set(rows.map((r) => r.questionId))
}

/** Drafts minus the questions that now have an answer. */
export function withoutDrafts(pending: Record<string, unknown>, questionIds: Iterable<string>) {
  const next = { ...pending }
  for (const id of questionIds) delete next[id]
  return next
}
