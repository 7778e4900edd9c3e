-- The draft rule at its minimum: the session touched if active and theirs, the draft written
-- (its own row: session_drafts) and its draft_saved audit event, in one statement.
\set n random(1, :rows)
\set q random(1, :questions)
WITH touched AS (
  UPDATE test_sessions SET last_activity = now()
  WHERE id = (SELECT id FROM bench_sessions WHERE n = :n) AND status = 'active'
    AND lease_id = (SELECT lease_id FROM bench_sessions WHERE n = :n)
  RETURNING org_id, id, started_at, expires_at, current_question_index, current_question_served_at,
    next_deadline_at
), saved AS (
  INSERT INTO session_drafts (session_id, question_id, draft, rev, saved_at)
  SELECT id, (SELECT id FROM bench_questions WHERE n = :q), '{"choice_ids":["a"]}', 1, now()
  FROM touched
  ON CONFLICT (session_id, question_id) DO UPDATE
  SET draft = excluded.draft, rev = session_drafts.rev + 1, saved_at = excluded.saved_at
), logged AS (
  INSERT INTO session_events (org_id, session_id, type, at, data)
  SELECT org_id, id, 'draft_saved', now(), '{}'::jsonb FROM touched
)
SELECT * FROM touched;
