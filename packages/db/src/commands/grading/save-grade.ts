import { and, eq, sql } from 'drizzle-orm'
import type postgres from 'postgres'
import type { Database, Db } from '../../client.ts'
import { pipelinedTransaction } from '../../reserved-transaction.ts'
import { answers } from '../../schema/index.ts'
import {
  answerRevisionIn,
  answerRevisionOf,
  SUMMARY_STATUSES,
  sessionRevisionIn,
} from './summary-due.ts'

export interface GradeToSave {
  answerId: string
  status: 'graded' | 'needs_review' | 'failed'
  score: number | null
  feedback: unknown
  grader: unknown
  /** Why a person should look, or why grading failed; null for a clean grade. */
  gradingError: unknown
  now: Date
  /**
   * The regrade revision of the job that graded it: when a regrade has reset the answer since
   * (a later revision), nothing is written, since that regrade's job grades it. Absent: not
   * checked (the MCQ batch reads and writes its answers under one session lock, so no regrade
   * comes between).
   */
  revision?: number
}

/**
 * Stores a grade once: only an answer still pending/grading is written, so a replayed job never
 * double-counts, and only by a job of the answer's regrade revision or later (a stale job's
 * grade is dropped). In the same transaction it locks the session row and tells whether this was
 * the session's last open answer (then the caller enqueues the summary).
 */
export async function saveGrade(db: Database, grade: GradeToSave): Promise<SavedGrades> {
  return saveGrades(db, [grade])
}

export interface SavedGrades {
  /** How many of the grades were written (the others' answers were graded already). */
  saved: number
  sessionId: string | null
  summaryDue: boolean
  /** When due: the session's regrade revision, which the summary's job id carries (0: none). */
  revision: number
  /** The grades written, as stored: what live monitoring reports (`answer.graded`). */
  graded: GradedAnswer[]
}

export interface GradedAnswer {
  answerId: string
  questionId: string
  sessionId: string
  orgId: string
  assessmentId: string
  gradingStatus: 'graded' | 'needs_review' | 'failed'
  score: number | null
  maxScore: number
  /** Its session is a staff member's preview: nothing is published about it. */
  preview: boolean
}

/**
 * Stores the grades of answers of one session at once (see saveGrade), marking the session's
 * evaluation `grading` if it was still `pending`. The session lock serializes the last two
 * saves of a session so exactly one sees "due"; the check is a statement of its own after the
 * lock, because in READ COMMITTED a statement sees what was committed when it began, and a
 * check that waited for the lock inside one statement would miss the grade the lock's previous
 * holder committed. All the statements and the commit go in one round trip.
 */
export async function saveGrades(db: Database, grades: GradeToSave[]): Promise<SavedGrades> {
  if (grades.length === 0)
    return { saved: 0, sessionId: null, summaryDue: false, revision: 0, graded: [] }
  return pipelinedTransaction(db.$client, ({ sql, commitWith }) =>
    commitWith(writeGrades(sql, grades)),
  )
}

/**
 * saveGrades' statements on an open transaction, issued at once (pipelined): the session lock
 * (a no-op when the transaction holds it already), the grades, the evaluation mark, the check.
 * The session is locked before any answer, as gradeMcqBatch does, so the two never deadlock.
 */
export async function writeGrades(
  sql: postgres.ReservedSql,
  grades: GradeToSave[],
): Promise<SavedGrades> {
  const [first] = grades
  if (!first) throw new Error('writeGrades needs at least one grade')
  const rows = JSON.stringify(
    grades.map((g) => ({
      id: g.answerId,
      status: g.status,
      score: g.score,
      feedback: g.feedback,
      grader: g.grader,
      grading_error: g.gradingError,
      graded_at: g.now.toISOString(),
      revision: g.revision ?? null,
    })),
  )
  const session = () => sql`(SELECT session_id FROM answers WHERE id = ${first.answerId})`
  const [, saved, , checked] = await Promise.all([
    sql`SELECT 1 FROM test_sessions WHERE id = ${session()} FOR UPDATE`,
    sql<SavedRow[]>`UPDATE answers a SET grading_status = g.status, score = g.score,
        feedback = g.feedback, grader = g.grader, grading_error = g.grading_error,
        graded_at = g.graded_at
      FROM jsonb_to_recordset(${rows}::jsonb) AS g(id uuid, status grading_status,
        score double precision, feedback jsonb, grader jsonb, grading_error jsonb,
        graded_at timestamptz, revision int), test_sessions s
      WHERE a.id = g.id AND a.grading_status IN ('pending', 'grading') AND s.id = a.session_id
        -- The ids again, as an array: its size is known, a record set's is guessed at 100 rows.
        AND a.id = ANY(${grades.map((g) => g.answerId)}::uuid[])
        AND (g.revision IS NULL OR ${answerRevisionIn(sql, 'a')} <= g.revision)
      RETURNING a.id, a.question_id, a.session_id, s.org_id, s.assessment_id, a.grading_status,
        a.score, a.max_score, s.preview`,
    sql`UPDATE test_sessions SET evaluation_status = 'grading'
      WHERE id = ${session()} AND evaluation_status = 'pending'`,
    sql<{ id: string; due: boolean; revision: number }[]>`
      WITH checked AS (
        SELECT s.id, (s.status::text = ANY(${SUMMARY_STATUSES}::text[])
            AND s.evaluation_status IN ('pending', 'grading')
            AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id
                            AND a.grading_status IN ('pending', 'grading'))) AS due
        FROM test_sessions s WHERE s.id = ${session()}
      )
      SELECT id, due, CASE WHEN due THEN ${sessionRevisionIn(sql, 'checked')} ELSE 0 END AS revision
      FROM checked`,
  ])
  const found = checked[0]
  return {
    saved: saved.length,
    sessionId: found?.id ?? null,
    // Only a save that wrote a grade may be the last one: a replayed or duplicate job (a
    // regrade re-queues answers that may still have a job) never queues a second summary.
    summaryDue: saved.length > 0 && found?.due === true,
    revision: found?.revision ?? 0,
    graded: saved.map((r) => ({
      answerId: r.id,
      questionId: r.question_id,
      sessionId: r.session_id,
      orgId: r.org_id,
      assessmentId: r.assessment_id,
      gradingStatus: r.grading_status,
      score: r.score,
      maxScore: r.max_score,
      preview: r.preview,
    })),
  }
}

interface SavedRow {
  id: string
  question_id: string
  session_id: string
  org_id: string
  assessment_id: string
  grading_status: GradedAnswer['gradingStatus']
  score: number | null
  max_score: number
  preview: boolean
}

/**
 * Keeps the latest attempt's error on the answer while the job waits for its retry; not when a
 * regrade has reset the answer since the job's `revision` (the error is not the new job's).
 */
export async function noteGradingAttemptError(
  db: Db,
  params: {
    answerId: string
    revision: number
    error: { message: string; attempt: number; at: string }
  },
): Promise<void> {
  await db
    .update(answers)
    .set({ gradingError: params.error })
    .where(
      and(
        eq(answers.id, params.answerId),
        eq(answers.gradingStatus, 'grading'),
        sql`${answerRevisionOf(answers.id, answers.sessionId)} <= ${params.revision}`,
      ),
    )
}
