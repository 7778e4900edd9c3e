import { sql } from 'drizzle-orm'

/** The one row the analytics statement returns (none when the assessment is not the org's). */
export interface AnalyticsRow extends Record<string, unknown> {
  assessment_id: string
  total: number
  active: number
  paused: number
  completed: number
  expired: number
  abandoned: number
  cancelled: number
  completion_rate: number | null
  abandonment_rate: number | null
  duration_mean: number | null
  duration_median: number | null
  duration_p90: number | null
  score_mean: number | null
  score_median: number | null
  score_p25: number | null
  score_p75: number | null
  strong_hire: number
  hire: number
  maybe: number
  no_hire: number
  /** Ten counts, bin 1 = [0, 10) … bin 10 = [90, 100]. */
  histogram: number[]
  questions: {
    question_id: string
    index: number
    type: 'mcq' | 'short_answer' | 'code'
    answered: number
    timed_out: number
    average_time_seconds: number | null
    p_value: number | null
    discrimination: number | null
    option_counts: Record<string, number> | null
  }[]
}

/**
 * Every figure of an assessment's analytics in one statement, so they all come from one
 * snapshot and only aggregates leave the database. Definitions: contracts/analytics.ts.
 */
export const analyticsQuery = (params: { orgId: string; assessmentId: string }) => sql`
WITH assessment AS (
  SELECT id FROM assessments WHERE id = ${params.assessmentId} AND org_id = ${params.orgId}
), sessions AS (
  SELECT s.id, s.status, s.percentage, s.final_score, s.recommendation,
    s.status IN ('completed', 'expired', 'abandoned', 'cancelled') AS ended,
    extract(epoch FROM s.completed_at - s.started_at)::float8 AS duration
  FROM test_sessions s JOIN assessment a ON a.id = s.assessment_id
  WHERE NOT s.preview -- a staff member's try counts nowhere
), session_stats AS (
  SELECT count(*)::int AS total,
    count(*) FILTER (WHERE status = 'active')::int AS active,
    count(*) FILTER (WHERE status = 'paused')::int AS paused,
    count(*) FILTER (WHERE status = 'completed')::int AS completed,
    count(*) FILTER (WHERE status = 'expired')::int AS expired,
    count(*) FILTER (WHERE status = 'abandoned')::int AS abandoned,
    count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
    count(*) FILTER (WHERE status = 'completed')::float8
      / nullif(count(*) FILTER (WHERE ended), 0) AS completion_rate,
    count(*) FILTER (WHERE status = 'abandoned')::float8
      / nullif(count(*) FILTER (WHERE ended), 0) AS abandonment_rate,
    avg(duration) FILTER (WHERE ended) AS duration_mean,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FILTER (WHERE ended) AS duration_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY duration) FILTER (WHERE ended) AS duration_p90,
    avg(percentage) AS score_mean,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY percentage) AS score_median,
    percentile_cont(0.25) WITHIN GROUP (ORDER BY percentage) AS score_p25,
    percentile_cont(0.75) WITHIN GROUP (ORDER BY percentage) AS score_p75,
    count(*) FILTER (WHERE recommendation = 'strong_hire')::int AS strong_hire,
    count(*) FILTER (WHERE recommendation = 'hire')::int AS hire,
    count(*) FILTER (WHERE recommendation = 'maybe')::int AS maybe,
    count(*) FILTER (WHERE recommendation = 'no_hire')::int AS no_hire
  FROM sessions
), histogram AS (
  -- width_bucket puts exactly 100 in an 11th bucket: it belongs to the last bin, [90, 100].
  SELECT jsonb_agg(coalesce(filled.n, 0) ORDER BY bin) AS counts
  FROM generate_series(1, 10) AS bin
  LEFT JOIN (
    SELECT greatest(1, least(10, width_bucket(percentage, 0, 100, 10))) AS b, count(*)::int AS n
    FROM sessions WHERE percentage IS NOT NULL GROUP BY 1
  ) filled ON filled.b = bin
), questions_ordered AS (
  SELECT q.id, q.type, q.spec, (row_number() OVER (ORDER BY q.position) - 1)::int AS index
  FROM questions q JOIN assessment a ON a.id = q.assessment_id
), item_scores AS (
  SELECT ans.question_id, ans.submitted_by, ans.time_expired, ans.time_taken_ms, g.ratio,
    -- x and y are set together, for graded answers of graded sessions only (corr's pairs).
    -- Rounded so totals summed in another order still compare equal in the variance check.
    CASE WHEN g.ratio IS NOT NULL AND s.percentage IS NOT NULL AND s.final_score IS NOT NULL
      THEN round(g.ratio::numeric, 9)::float8 END AS x,
    CASE WHEN g.ratio IS NOT NULL AND s.percentage IS NOT NULL AND s.final_score IS NOT NULL
      THEN round((s.final_score - ans.score)::numeric, 9)::float8 END AS y
  FROM answers ans
  JOIN sessions s ON s.id = ans.session_id
  CROSS JOIN LATERAL (
    SELECT CASE WHEN ans.grading_status = 'graded' AND ans.max_score > 0 AND ans.score IS NOT NULL
      THEN ans.score / ans.max_score END AS ratio
  ) g
), question_stats AS (
  SELECT question_id,
    count(*) FILTER (WHERE submitted_by = 'candidate')::int AS answered,
    count(*) FILTER (WHERE time_expired)::int AS timed_out,
    (avg(time_taken_ms) / 1000)::float8 AS average_time_seconds,
    avg(ratio) AS p_value,
    CASE WHEN count(x) >= 5 AND max(x) > min(x) AND max(y) > min(y)
      THEN greatest(-1, least(1, corr(x, y))) END AS discrimination
  FROM item_scores GROUP BY question_id
), chosen AS (
  SELECT ans.question_id, choice.option_id, count(DISTINCT ans.id)::int AS n
  FROM answers ans
  JOIN sessions s ON s.id = ans.session_id
  JOIN questions_ordered q ON q.id = ans.question_id AND q.type = 'mcq'
  CROSS JOIN LATERAL jsonb_array_elements_text(
    CASE WHEN jsonb_typeof(ans.answer -> 'choice_ids') = 'array'
      THEN ans.answer -> 'choice_ids' ELSE '[]'::jsonb END
  ) AS choice(option_id)
  GROUP BY ans.question_id, choice.option_id
), option_counts AS (
  -- From the question's options, so an option nobody chose still shows its 0.
  SELECT q.id AS question_id, jsonb_object_agg(o.option ->> 'id', coalesce(ch.n, 0)) AS counts
  FROM questions_ordered q
  CROSS JOIN LATERAL jsonb_array_elements(q.spec -> 'options') AS o(option)
  LEFT JOIN chosen ch ON ch.question_id = q.id AND ch.option_id = o.option ->> 'id'
  WHERE q.type = 'mcq'
  GROUP BY q.id
)
SELECT a.id AS assessment_id, st.*, h.counts AS histogram,
  (SELECT coalesce(jsonb_agg(jsonb_build_object(
      'question_id', q.id,
      'index', q.index,
      'type', q.type,
      'answered', coalesce(qs.answered, 0),
      'timed_out', coalesce(qs.timed_out, 0),
      'average_time_seconds', qs.average_time_seconds,
      'p_value', qs.p_value,
      'discrimination', qs.discrimination,
      'option_counts', oc.counts
    ) ORDER BY q.index), '[]'::jsonb)
   FROM questions_ordered q
   LEFT JOIN question_stats qs ON qs.question_id = q.id
   LEFT JOIN option_counts oc ON oc.question_id = q.id) AS questions
FROM assessment a, session_stats st, histogram h`
