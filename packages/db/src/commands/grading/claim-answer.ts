import type { Database } from '../../client.ts'
import { fromRaw } from '../../raw-rows.ts'
import { answers, questions } from '../../schema/index.ts'
import type { QuestionRow } from '../assessments/types.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'

export interface ClaimedAnswer {
  answer: AnswerRow
  question: QuestionRow
}

/**
 * Marks an answer `grading` (and its session's evaluation `grading`) and returns what grading
 * needs, in one prepared statement. Null when the answer is gone or already has a final
 * status: a replayed job is a no-op.
 */
export async function claimAnswerForGrading(
  db: Database,
  answerId: string,
): Promise<ClaimedAnswer | null> {
  const [row] = await db.$client<{ answer: Record<string, unknown>; question: unknown }[]>`
    WITH claimed AS (
      UPDATE answers SET grading_status = 'grading'
      WHERE id = ${answerId} AND grading_status IN ('pending', 'grading')
      RETURNING *
    ), evaluating AS (
      UPDATE test_sessions SET evaluation_status = 'grading'
      WHERE id = (SELECT session_id FROM claimed) AND evaluation_status = 'pending'
    )
    SELECT to_jsonb(claimed) AS answer, to_jsonb(q) AS question
    FROM claimed LEFT JOIN questions q ON q.id = claimed.question_id`
  if (!row) return null
  if (!row.question) throw new Error(`question of answer ${answerId} vanished`)
  return {
    answer: fromRaw(answers, row.answer),
    question: fromRaw(questions, row.question as Record<string, unknown>),
  }
}
