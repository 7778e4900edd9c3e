import { type QuestionInput, splitQuestion } from '@assess/core'
import { eq } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { questions } from '../../schema/index.ts'

/** Replaces an assessment's questions with `input`, in order. */
export async function replaceQuestions(
  tx: Transaction,
  assessmentId: string,
  input: QuestionInput[],
) {
  await tx.delete(questions).where(eq(questions.assessmentId, assessmentId))
  if (input.length === 0) return []
  const rows = input.map((q, position) => {
    const { common, spec } = splitQuestion(q)
    return {
      assessmentId,
      position,
      type: q.type,
      prompt: common.prompt,
      points: common.points,
      timeLimitSeconds: common.time_limit_seconds,
      section: common.section,
      difficulty: common.difficulty,
      tags: common.tags,
      spec,
    }
  })
  return tx.insert(questions).values(rows).returning()
}
