-- The heartbeat rule at its minimum: the candidate's row, if active and theirs, renewed.
\set n random(1, :rows)
UPDATE test_sessions SET last_heartbeat = now(), lease_renewed_at = now(), left_at = NULL
WHERE id = (SELECT id FROM bench_sessions WHERE n = :n) AND status = 'active'
  AND lease_id = (SELECT lease_id FROM bench_sessions WHERE n = :n)
RETURNING started_at, expires_at, current_question_index, current_question_served_at, next_deadline_at;
