import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { answers, questions, testSessions } from '../../schema/index.ts'
import type { QuestionRow } from '../assessments/types.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'

export interface ClaimedAnswer {
  answer: AnswerRow
  question: QuestionRow
}

/**
 * Marks an answer `grading` (and its session's evaluation `grading`) and returns what grading
 * needs. Null when the answer is gone or already has a final status: a replayed job is a no-op.
 */
export async function claimAnswerForGrading(
  db: Db,
  answerId: string,
): Promise<ClaimedAnswer | null> {
  return db.transaction(async (tx) => {
    const [answer] = await tx
      .update(answers)
      .set({ gradingStatus: 'grading' })
      .where(and(eq(answers.id, answerId), inArray(answers.gradingStatus, ['pending', 'grading'])))
      .returning()
    if (!answer) return null
    await tx
      .update(testSessions)
      .set({ evaluationStatus: 'grading' })
      .where(
        and(eq(testSessions.id, answer.sessionId), eq(testSessions.evaluationStatus, 'pending')),
      )
    const [question] = await tx.select().from(questions).where(eq(questions.id, answer.questionId))
    if (!question)
      throw new Error(`question ${answer.questionId} vanished under answer ${answerId}`)
    return { answer, question }
  })
}
