-- Free navigation now serves each question when the candidate first opens it: question_served_at
-- holds those stamps. Sessions under way at upgrade were timed from one moment for every
-- question (current_question_served_at); each of their questions gets that moment, so no
-- deadline moves under a candidate.
UPDATE "test_sessions" s SET "question_served_at" = (
  SELECT coalesce(jsonb_object_agg(q."id"::text,
    to_char(s."current_question_served_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), '{}'::jsonb)
  FROM "questions" q WHERE q."assessment_id" = s."assessment_id")
FROM "assessments" a
WHERE a."id" = s."assessment_id" AND a."navigation" = 'free'
  AND s."status" IN ('active', 'paused') AND s."current_question_served_at" IS NOT NULL;
