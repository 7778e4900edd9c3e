-- A session's queries ask for its open answers (pending or grading): with an index on the status
-- alone, the planner ANDed it with the session's index and read every open answer of every
-- session, a whole grading backlog per query. The reconciler's stuck-`grading` scan keeps a
-- partial index of its own (pending answers have answers_pending_idx).
DROP INDEX "answers_grading_status_idx";--> statement-breakpoint
CREATE INDEX "answers_grading_idx" ON "answers" USING btree ("updated_at") WHERE "answers"."grading_status" = 'grading';