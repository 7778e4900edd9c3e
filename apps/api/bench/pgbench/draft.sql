-- The draft rule at its minimum: one draft merged into the row, if active and theirs.
\set n random(1, :rows)
\set q random(1, :questions)
UPDATE test_sessions
SET pending_answers = pending_answers
      || jsonb_build_object((SELECT id::text FROM bench_questions WHERE n = :q), '{"choice_ids":["a"]}'::jsonb),
    last_activity = now()
WHERE id = (SELECT id FROM bench_sessions WHERE n = :n) AND status = 'active'
  AND lease_id = (SELECT lease_id FROM bench_sessions WHERE n = :n)
RETURNING started_at, expires_at, current_question_index, current_question_served_at, next_deadline_at;
