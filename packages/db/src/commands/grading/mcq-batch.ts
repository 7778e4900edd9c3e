import type { Database } from '../../client.ts'
import { fromRaw } from '../../raw-rows.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { answers, questions } from '../../schema/index.ts'
import type { ClaimedAnswer } from './claim-answer.ts'
import { type GradeToSave, type SavedGrades, writeGrades } from './save-grade.ts'
import { answerRevisionIn } from './summary-due.ts'

/** Bounds one batch's transaction; a session rarely has more questions than this. */
const MAX_BATCH = 200

export type McqBatchResult =
  | { kind: 'gone' }
  /** Not multiple choice: nothing was done; grade it alone, through the claim. */
  | { kind: 'other' }
  /**
   * `batch` is 0 when another job had graded this answer already, or when this job is stale (a
   * regrade reset the answer after the job's revision: the regrade's own job grades it).
   */
  | { kind: 'mcq'; batch: number; saved: SavedGrades | null }

export interface AnswerGradingState {
  sessionId: string
  type: string
  /** Still pending or being graded. */
  open: boolean
}

/**
 * An answer's session, question type and whether it still needs a grade, in one lock-free read.
 * Most jobs of a backlog find their answer graded by a sibling's batch: this settles those (a
 * committed grade is final for its revision; a regrade resets it to pending first) instead of
 * queueing every sibling behind the session lock in turn.
 */
export async function answerGradingState(
  db: Database,
  answerId: string,
): Promise<AnswerGradingState | null> {
  const [state] = await db.$client<AnswerGradingState[]>`
    SELECT a.session_id AS "sessionId", q.type, a.grading_status IN ('pending', 'grading') AS open
    FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.id = ${answerId}`
  return state ?? null
}

/**
 * MCQ grading needs no model and no sandbox, so the first job of a session grades all of the
 * session's open MCQ answers in one transaction: lock the session and read them (one round
 * trip, no claim write: nothing is slow enough to need the `grading` mark), grade them with
 * `grade` (pure and instant), save them and check the summary (one round trip). The session's
 * other jobs find their answer graded with one read (answerGradingState) and stop, or, arriving
 * while the batch is being written, wait for the lock and then find it graded (the worker
 * spares its own jobs that wait: see GradedHere).
 */
export async function gradeMcqBatch(
  db: Database,
  answerId: string,
  grade: (batch: ClaimedAnswer[]) => Promise<GradeToSave[]>,
  /** The job's regrade revision (see GradeToSave.revision). */
  revision = 0,
  /** answerGradingState's read, when the caller made it already. */
  known?: AnswerGradingState | null,
): Promise<McqBatchResult> {
  const state = known === undefined ? await answerGradingState(db, answerId) : known
  if (!state) return { kind: 'gone' }
  if (state.type !== 'mcq') return { kind: 'other' }
  if (!state.open) return { kind: 'mcq', batch: 0, saved: null }
  return pipelinedTransaction(db.$client, async ({ sql, commitWith }) => {
    // The read is a statement of its own after the lock, so it sees the previous holder's grades.
    const [, [row]] = await Promise.all([
      sql`SELECT 1 FROM test_sessions
        WHERE id = (SELECT session_id FROM answers WHERE id = ${answerId}) FOR UPDATE`,
      sql<{ type: string; batch: { answer: unknown; question: unknown }[] }[]>`
        WITH target AS (
          SELECT a.session_id, q.type
          FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.id = ${answerId}
        )
        SELECT t.type, COALESCE((
          SELECT jsonb_agg(jsonb_build_object('answer', to_jsonb(a), 'question', to_jsonb(q))
                           ORDER BY a.id = ${answerId} DESC)
          FROM (
            SELECT a.* FROM answers a JOIN questions q ON q.id = a.question_id
            WHERE t.type = 'mcq' AND a.session_id = t.session_id AND q.type = 'mcq'
              -- Pending ones, and this job's own when it is being graded. Written as a
              -- negation: "= 'pending'" would match answers_pending_idx, which the planner then
              -- reads whole (every pending answer of every session) to AND with the session's.
              AND a.grading_status IN ('pending', 'grading')
              AND (a.grading_status <> 'grading' OR a.id = ${answerId})
              AND (a.id <> ${answerId} OR ${answerRevisionIn(sql, 'a')} <= ${revision})
            ORDER BY a.id = ${answerId} DESC
            LIMIT ${MAX_BATCH}
          ) a JOIN questions q ON q.id = a.question_id
        ), '[]'::jsonb) AS batch
        FROM target t`,
    ])
    if (!row) return { kind: 'gone' }
    if (row.type !== 'mcq') return { kind: 'other' }
    const batch = row.batch.map((r) => ({
      answer: fromRaw(answers, r.answer as Record<string, unknown>),
      question: fromRaw(questions, r.question as Record<string, unknown>),
    }))
    // Only this job's own open answer starts a batch: when another job graded it already (or
    // this job is stale), the rest have jobs of their own.
    if (batch[0]?.answer.id !== answerId) return { kind: 'mcq', batch: 0, saved: null }
    const grades = await grade(batch)
    return { kind: 'mcq', batch: batch.length, saved: await commitWith(writeGrades(sql, grades)) }
  })
}
