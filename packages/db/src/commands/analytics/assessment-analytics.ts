import type { Db } from '../../client.ts'
import { assessmentNotFound } from '../assessments/get-assessment.ts'
import { type AnalyticsRow, analyticsQuery } from './analytics-query.ts'

export const HISTOGRAM_BIN_WIDTH = 10

export interface QuestionAnalyticsData {
  questionId: string
  index: number
  type: 'mcq' | 'short_answer' | 'code'
  answered: number
  timedOut: number
  averageTimeSeconds: number | null
  pValue: number | null
  discrimination: number | null
  /** Multiple choice only: every option id with how many answers chose it. */
  optionCounts: Record<string, number> | null
}

export interface AssessmentAnalyticsData {
  assessmentId: string
  sessions: {
    total: number
    active: number
    paused: number
    completed: number
    expired: number
    abandoned: number
    cancelled: number
  }
  completionRate: number | null
  abandonmentRate: number | null
  durationSeconds: { mean: number | null; median: number | null; p90: number | null }
  score: {
    mean: number | null
    median: number | null
    p25: number | null
    p75: number | null
    histogram: { from: number; to: number; count: number }[]
  }
  recommendations: { strongHire: number; hire: number; maybe: number; noHire: number }
  questions: QuestionAnalyticsData[]
}

/**
 * How one assessment of `orgId` performs (another organization's is a 404): session funnel,
 * durations, scores, recommendations and per-question item statistics, aggregated in SQL.
 */
export async function readAssessmentAnalytics(
  db: Db,
  params: { orgId: string; assessmentId: string },
): Promise<AssessmentAnalyticsData> {
  const [row] = await db.execute<AnalyticsRow>(analyticsQuery(params))
  if (!row) throw assessmentNotFound()
  return {
    assessmentId: row.assessment_id,
    sessions: {
      total: row.total,
      active: row.active,
      paused: row.paused,
      completed: row.completed,
      expired: row.expired,
      abandoned: row.abandoned,
      cancelled: row.cancelled,
    },
    completionRate: row.completion_rate,
    abandonmentRate: row.abandonment_rate,
    durationSeconds: {
      mean: row.duration_mean,
      median: row.duration_median,
      p90: row.duration_p90,
    },
    score: {
      mean: row.score_mean,
      median: row.score_median,
      p25: row.score_p25,
      p75: row.score_p75,
      histogram: row.histogram.map((count, i) => ({
        from: i * HISTOGRAM_BIN_WIDTH,
        to: (i + 1) * HISTOGRAM_BIN_WIDTH,
        count,
      })),
    },
    recommendations: {
      strongHire: row.strong_hire,
      hire: row.hire,
      maybe: row.maybe,
      noHire: row.no_hire,
    },
    questions: row.questions.map((q) => ({
      questionId: q.question_id,
      index: q.index,
      type: q.type,
      answered: q.answered,
      timedOut: q.timed_out,
      averageTimeSeconds: q.average_time_seconds,
      pValue: q.p_value,
      discrimination: q.discrimination,
      optionCounts: q.option_counts,
    })),
  }
}
