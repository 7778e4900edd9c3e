-- The draft rule at its minimum: one draft merged into the row, if active and theirs, and its
-- draft_saved audit event, in one statement (as the API does).
\set n random(1, :rows)
\set q random(1, :questions)
WITH touched AS (
  UPDATE test_sessions
  SET pending_answers = pending_answers
        || jsonb_build_object((SELECT id::text FROM bench_questions WHERE n = :q), '{"choice_ids":["a"]}'::jsonb),
      last_activity = now()
  WHERE id = (SELECT id FROM bench_sessions WHERE n = :n) AND status = 'active'
    AND lease_id = (SELECT lease_id FROM bench_sessions WHERE n = :n)
  RETURNING org_id, id, started_at, expires_at, current_question_index, current_question_served_at,
    next_deadline_at, pending_answers
), logged AS (
  INSERT INTO session_events (org_id, session_id, type, at, data)
  SELECT org_id, id, 'draft_saved', now(), '{}'::jsonb FROM touched
)
SELECT * FROM touched;
