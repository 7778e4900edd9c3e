import { z } from 'zod'
import { QuestionType } from './questions.ts'

const Count = z.number().int().min(0)
const Rate = z.number().min(0).max(1).nullable()

export const AnalyticsSessionCounts = z
  .object({
    total: Count.describe('Every session (attempt) of the assessment, whatever its status'),
    active: Count,
    paused: Count,
    completed: Count,
    expired: Count,
    abandoned: Count,
    cancelled: Count,
  })
  .describe(
    'Sessions by status. "Ended" sessions are completed + expired + abandoned + cancelled; ' +
      'active and paused ones are still under way',
  )

export const DurationStats = z
  .object({
    mean: z.number().nullable(),
    median: z.number().nullable(),
    p90: z.number().nullable().describe('90th percentile (continuous, interpolated)'),
  })
  .describe(
    'Seconds from started_at to completed_at over ended sessions; every field null when none ended',
  )

export const HistogramBin = z.object({
  from: z.number().describe('Inclusive lower bound, in percent'),
  to: z.number().describe('Exclusive upper bound, in percent (the last bin, 90–100, includes 100)'),
  count: Count,
})

export const ScoreStats = z
  .object({
    mean: z.number().nullable(),
    median: z.number().nullable(),
    p25: z.number().nullable(),
    p75: z.number().nullable(),
    histogram: z
      .array(HistogramBin)
      .length(10)
      .describe('Always 10 bins of width 10: [0,10), [10,20) … [90,100]'),
  })
  .describe(
    "Over the sessions' percentage (0–100), for sessions graded and summarized (percentage not " +
      'null); the statistics are null when there are none. Percentiles are continuous (interpolated)',
  )

export const RecommendationCounts = z
  .object({ strong_hire: Count, hire: Count, maybe: Count, no_hire: Count })
  .describe('Sessions by the recommendation of their summary (0 when none)')

export const QuestionAnalytics = z.object({
  question_id: z.uuid(),
  index: z.number().int().min(0).describe('0-based, in question position order'),
  type: QuestionType,
  answered: Count.describe("Answers the candidate submitted (submitted_by = 'candidate')"),
  timed_out: Count.describe(
    'Answers whose window ran out (time_expired): the server finalized them from the draft',
  ),
  average_time_seconds: z
    .number()
    .nullable()
    .describe('Mean time_taken_ms / 1000 over all the answers; null when there are none'),
  p_value: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe(
      'Difficulty: mean of score / max_score over graded answers (max_score > 0); 0 nobody ' +
        'scores, 1 everybody scores full marks; null when none is graded',
    ),
  discrimination: z
    .number()
    .min(-1)
    .max(1)
    .nullable()
    .describe(
      'Corrected item–total correlation: Pearson correlation, across graded sessions (percentage ' +
        "not null) where this answer is graded, between the item's score / max_score and the " +
        "session's final_score minus this item's score. Null under 5 such sessions or when " +
        'either side has no variance. Below 0: strong candidates do worse on it than weak ones',
    ),
  option_counts: z
    .record(z.string(), Count)
    .optional()
    .describe(
      'Multiple choice only: how many answers chose each option id; every option of the ' +
        'question is present (0 when never chosen)',
    ),
})
export type QuestionAnalytics = z.infer<typeof QuestionAnalytics>

/** GET /api/assessments/:id/analytics: how an assessment performs, computed in SQL. */
export const AssessmentAnalytics = z.object({
  assessment_id: z.uuid(),
  sessions: AnalyticsSessionCounts,
  completion_rate: Rate.describe('completed / ended; null when no session has ended'),
  abandonment_rate: Rate.describe('abandoned / ended; null when no session has ended'),
  duration_seconds: DurationStats,
  score: ScoreStats,
  recommendations: RecommendationCounts,
  questions: z
    .array(QuestionAnalytics)
    .describe('Every question of the assessment, in position order'),
})
export type AssessmentAnalytics = z.infer<typeof AssessmentAnalytics>
