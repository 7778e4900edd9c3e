import type { Database } from '../../client.ts'
import { fromRaw } from '../../raw-rows.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { answers, questions } from '../../schema/index.ts'
import type { QuestionRow } from '../assessments/types.ts'
import type { AnswerRow } from '../sessions/submit-answer.ts'
import { answerRevisionIn } from './summary-due.ts'

export interface ClaimedAnswer {
  answer: AnswerRow
  question: QuestionRow
}

/**
 * Marks an answer `grading` (and its session's evaluation `grading`) and returns what grading
 * needs, in one round trip. Null when the answer is gone, already has a final status (a
 * replayed job is a no-op), or was reset by a regrade after the job's `revision` (a stale job:
 * the regrade's own job grades it).
 *
 * The session row is locked first, then the answer, as writeGrades and a regrade do, so the
 * claim never deadlocks with a regrade (which locks the session, then its answers). The claim
 * is a statement of its own after the lock, so it sees what the lock's previous holder
 * committed (a regrade's reset and its event).
 */
export async function claimAnswerForGrading(
  db: Database,
  answerId: string,
  revision = 0,
): Promise<ClaimedAnswer | null> {
  const [, [row]] = await pipelinedTransaction(db.$client, ({ sql, commitWith }) =>
    commitWith(
      Promise.all([
        sql`SELECT 1 FROM test_sessions
          WHERE id = (SELECT session_id FROM answers WHERE id = ${answerId}) FOR UPDATE`,
        sql<{ answer: Record<string, unknown>; question: unknown }[]>`
          WITH claimed AS (
            UPDATE answers a SET grading_status = 'grading'
            WHERE a.id = ${answerId} AND a.grading_status IN ('pending', 'grading')
              AND ${answerRevisionIn(sql, 'a')} <= ${revision}
            RETURNING a.*
          ), evaluating AS (
            UPDATE test_sessions SET evaluation_status = 'grading'
            WHERE id = (SELECT session_id FROM claimed) AND evaluation_status = 'pending'
          )
          SELECT to_jsonb(claimed) AS answer, to_jsonb(q) AS question
          FROM claimed LEFT JOIN questions q ON q.id = claimed.question_id`,
      ]),
    ),
  )
  if (!row) return null
  if (!row.question) throw new Error(`question of answer ${answerId} vanished`)
  return {
    answer: fromRaw(answers, row.answer),
    question: fromRaw(questions, row.question as Record<string, unknown>),
  }
}
