import { type CompletionMethod, type EndedStatus, FINISHED_STATUSES } from '@assess/core'
import type { Database } from '../../client.ts'
import { getAssessment } from '../assessments/get-assessment.ts'
import type { AssessmentRow } from '../assessments/types.ts'
import type { SessionRow } from '../sessions/types.ts'

/** One ended session as the CSV export writes it. */
export interface ResultExportRow {
  candidateName: string
  candidateEmail: string
  status: EndedStatus
  completionMethod: CompletionMethod | null
  /** ISO 8601 in UTC, milliseconds (as the JSON API writes times). */
  startedAt: string
  completedAt: string
  /** started_at → completed_at, rounded to whole seconds. */
  durationSeconds: number
  finalScore: number | null
  maxScore: number | null
  percentage: number | null
  recommendation: SessionRow['recommendation']
  /** One per question in position order; null when unanswered or not graded (yet). */
  questionScores: (number | null)[]
  /** tab_hidden events. */
  tabSwitches: number
  /** paste events. */
  pastes: number
}

export interface ResultsExport {
  assessment: AssessmentRow
  questionCount: number
  /**
   * The rows, oldest completion first, a batch per cursor fetch. Read once; stopping early
   * (break, or `return()` on the iterator) closes the cursor and frees its connection.
   */
  batches: AsyncIterable<ResultExportRow[]>
}

interface RawRow {
  candidate_name: string
  candidate_email: string
  status: EndedStatus
  completion_method: CompletionMethod | null
  started_at: string
  completed_at: string
  duration_seconds: number
  final_score: number | null
  max_score: number | null
  percentage: number | null
  recommendation: SessionRow['recommendation']
  question_scores: (number | null)[]
  tab_switches: number
  pastes: number
}

const EXPORT_BATCH = 500

/**
 * Every ended session (a staff member's preview aside) of one of the organization's
 * assessments (else 404, checked before any row is read, so the caller can still answer with an
 * error). The rows stream through a postgres.js cursor: per-question scores and integrity counts
 * are computed by Postgres for each row, so neither the sessions nor their answers are ever all
 * in memory.
 */
export async function openResultsExport(
  db: Database,
  params: { orgId: string; assessmentId: string; batchSize?: number },
): Promise<ResultsExport> {
  const { assessment, questions } = await getAssessment(db, params)
  const questionIds = questions.map((q) => q.id)
  const sql = db.$client
  const batchSize = params.batchSize ?? EXPORT_BATCH
  // The question ids travel as a parameter so each row's scores line up with the header's
  // columns by construction (unnest's ordinality), answered or not.
  async function* batches() {
    const rows = sql<RawRow[]>`
      SELECT u.name AS candidate_name, u.email AS candidate_email,
        s.status, s.completion_method,
        to_char(s.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
        to_char(s.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS completed_at,
        round(extract(epoch FROM s.completed_at - s.started_at))::int AS duration_seconds,
        s.final_score, s.max_score, s.percentage, s.recommendation,
        scores.question_scores, integrity.tab_switches, integrity.pastes
      FROM test_sessions s
      JOIN users u ON u.id = s.candidate_id
      CROSS JOIN LATERAL (
        SELECT coalesce(jsonb_agg(a.score ORDER BY q.n), '[]'::jsonb) AS question_scores
        FROM unnest(${questionIds}::uuid[]) WITH ORDINALITY AS q(id, n)
        LEFT JOIN answers a ON a.session_id = s.id AND a.question_id = q.id
          AND a.grading_status IN ('graded', 'needs_review')
      ) scores
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE e.type = 'tab_hidden')::int AS tab_switches,
          count(*) FILTER (WHERE e.type = 'paste')::int AS pastes
        FROM session_events e
        WHERE e.session_id = s.id AND e.type IN ('tab_hidden', 'paste')
      ) integrity
      WHERE s.org_id = ${params.orgId} AND s.assessment_id = ${assessment.id}
        AND s.status IN ${sql([...FINISHED_STATUSES])} AND NOT s.preview
      ORDER BY s.completed_at, s.id`
    for await (const batch of rows.cursor(batchSize)) yield batch.map(toExportRow)
  }
  return { assessment, questionCount: questions.length, batches: batches() }
}

function toExportRow(raw: RawRow): ResultExportRow {
  return {
    candidateName: raw.candidate_name,
    candidateEmail: raw.candidate_email,
    status: raw.status,
    completionMethod: raw.completion_method,
    startedAt: raw.started_at,
    completedAt: raw.completed_at,
    durationSeconds: raw.duration_seconds,
    finalScore: raw.final_score,
    maxScore: raw.max_score,
    percentage: raw.percentage,
    recommendation: raw.recommendation,
    questionScores: raw.question_scores,
    tabSwitches: raw.tab_switches,
    pastes: raw.pastes,
  }
}
