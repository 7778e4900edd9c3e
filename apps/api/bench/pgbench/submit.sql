-- The submit rule at its minimum: lock the session, insert the answer, advance the session.
-- Each transaction takes the next unused (session, question) pair of pgbench's own sessions.
BEGIN;
SELECT s.id AS s, p.question_id AS q FROM bench_pairs p JOIN test_sessions s ON s.id = p.session_id
WHERE p.n = (SELECT nextval('bench_pair_seq')) FOR UPDATE OF s \gset
INSERT INTO answers (session_id, question_id, answer, submitted_at, time_taken_ms, submitted_by, max_score)
VALUES (:s, :q, '{"choice_ids":["a","c"]}', now(), 1000, 'candidate', 1) RETURNING id;
UPDATE test_sessions SET current_question_index = current_question_index + 1, last_activity = now()
WHERE id = :s;
COMMIT;
