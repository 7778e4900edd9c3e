-- The submit rule with the audit event the API writes with every answer (the draft's rule
-- writes its event too): lock the session, then in one statement insert the answer, advance
-- the session and log answer_submitted. Informational beside submit.sql, which is the issue's
-- "lock + insert + update". Each transaction takes the next unused (session, question) pair.
BEGIN;
SELECT s.id AS s, s.org_id AS o, p.question_id AS q FROM bench_pairs p
JOIN test_sessions s ON s.id = p.session_id
WHERE p.n = (SELECT nextval('bench_pair_seq')) FOR UPDATE OF s \gset
WITH answer AS (
  INSERT INTO answers (session_id, question_id, answer, submitted_at, time_taken_ms, submitted_by, max_score)
  VALUES (:s, :q, '{"choice_ids":["a","c"]}', now(), 1000, 'candidate', 1) RETURNING id
), advanced AS (
  UPDATE test_sessions SET current_question_index = current_question_index + 1, last_activity = now()
  WHERE id = :s
)
INSERT INTO session_events (org_id, session_id, type, at, data)
SELECT :o, :s, 'answer_submitted', now(), jsonb_build_object('question_id', :q::text, 'answer_id', id::text)
FROM answer RETURNING session_id;
COMMIT;
