-- The draft rule of draft.sql for a typing candidate: a whole code draft (19 KB) written over
-- one of the session's code questions, its other code drafts held.
\set n random(1, :rows)
\set q random(1, :code_questions)
\set p random(1, :code_drafts)
WITH touched AS (
  UPDATE test_sessions SET last_activity = now()
  WHERE id = (SELECT id FROM bench_sessions WHERE n = :n) AND status = 'active'
    AND lease_id = (SELECT lease_id FROM bench_sessions WHERE n = :n)
  RETURNING org_id, id, started_at, expires_at, current_question_index, current_question_served_at,
    next_deadline_at
), saved AS (
  INSERT INTO session_drafts (session_id, question_id, draft, rev, saved_at)
  SELECT id, (SELECT id FROM bench_code_questions WHERE n = :q),
    (SELECT draft FROM bench_code_drafts WHERE n = :p), 1, now()
  FROM touched
  ON CONFLICT (session_id, question_id) DO UPDATE
  SET draft = excluded.draft, rev = session_drafts.rev + 1, saved_at = excluded.saved_at
), logged AS (
  INSERT INTO session_events (org_id, session_id, type, at, data)
  SELECT org_id, id, 'draft_saved', now(), '{}'::jsonb FROM touched
)
SELECT * FROM touched;
