import { answerFromDraft } from '@assess/core'
import { eq } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { answers } from '../../schema/index.ts'
import type { AssessmentDefinition } from './definition.ts'
import { loadDrafts } from './drafts.ts'
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
  drafts: Record<string, unknown>,
  question: { id: string; timeLimitSeconds: number | null },
  servedAt: Date | null,
): unknown {
  if (servedAt === null && question.timeLimitSeconds !== null) return undefined
  return drafts[question.id]
}

/**
 * Answers the server writes itself (a closed window, completion, abandonment): the candidate's
 * last saved draft when it is a valid answer, else an empty one. Nothing typed is lost. The
 * caller drops the drafts (an answered question keeps none). Returns the new answers' ids and
 * the questions whose answer came from a draft.
 */
export async function insertServerAnswers(
  tx: Transaction,
  session: SessionRow,
  definition: AssessmentDefinition,
  items: ServerFinalization[],
  now: Date,
): Promise<{ ids: string[]; fromDraft: Set<string> }> {
  const fromDraft = new Set<string>()
  if (items.length === 0) return { ids: [], fromDraft }
  const drafts = await loadDrafts(
    tx,
    session.id,
    items.map((item) => item.questionId),
  )
  const values = items.map((item) => {
    const index = definition.indexById.get(item.questionId)
    const question = index === undefined ? undefined : definition.questions[index]
    if (!question) throw new Error(`question ${item.questionId} is not in the assessment`)
    const end = item.windowEnd ?? now
    const draft = draftThatCounts(drafts.answers, question, item.servedAt)
    if (draft !== undefined) fromDraft.add(question.id)
    return {
      sessionId: session.id,
      questionId: question.id,
      answer: answerFromDraft(question.spec, draft),
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
  return { ids: inserted.map((r) => r.id), fromDraft }
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
