-- Drafts move out of test_sessions into a row each. In one jsonb column (pending_answers, with
-- draft_versions beside it), every save of one draft rewrote, recompressed and WAL-logged all of
-- the session's drafts. pgbench, a save of one 19 KB code draft while three (56 KB) are held:
-- ~1,800/s in the column, ~6,000/s as rows (lz4: code compresses several times faster than with
-- pglz); the same update without a draft ~11,000/s.
CREATE TABLE "session_drafts" (
	"session_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"draft" jsonb,
	"rev" integer NOT NULL,
	"lease_id" uuid,
	"write_id" uuid,
	"bytes" integer GENERATED ALWAYS AS (coalesce(octet_length(draft::text), 0)) STORED NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	CONSTRAINT "session_drafts_session_id_question_id_pk" PRIMARY KEY("session_id","question_id"),
	CONSTRAINT "session_drafts_rev_non_negative" CHECK ("session_drafts"."rev" >= 0)
) WITH (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "session_drafts" ALTER COLUMN "draft" SET COMPRESSION lz4;--> statement-breakpoint
ALTER TABLE "session_drafts" ADD CONSTRAINT "session_drafts_session_id_test_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."test_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_drafts" ADD CONSTRAINT "session_drafts_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The drafts and versions of the attempts under way (a version may outlive its draft: a cleared
-- one), for questions that still exist and have no answer; versions written before they carried
-- a save id have none. A finished attempt's drafts were all answers already.
INSERT INTO "session_drafts" ("session_id", "question_id", "draft", "rev", "lease_id", "write_id", "saved_at")
SELECT s."id", k."key"::uuid, s."pending_answers" -> k."key",
  coalesce((s."draft_versions" -> k."key" ->> 'rev')::int, 0),
  CASE WHEN s."draft_versions" -> k."key" ->> 'lease' ~ '^[0-9a-f-]{36}$'
    THEN (s."draft_versions" -> k."key" ->> 'lease')::uuid END,
  CASE WHEN s."draft_versions" -> k."key" ->> 'write' ~ '^[0-9a-f-]{36}$'
    THEN (s."draft_versions" -> k."key" ->> 'write')::uuid END,
  s."updated_at"
FROM "test_sessions" s,
  LATERAL (SELECT jsonb_object_keys(s."pending_answers") AS "key"
           UNION SELECT jsonb_object_keys(s."draft_versions")) k
WHERE s."status" IN ('active', 'paused') AND k."key" ~ '^[0-9a-f-]{36}$'
  AND EXISTS (SELECT 1 FROM "questions" q WHERE q."id"::text = k."key")
  AND NOT EXISTS (SELECT 1 FROM "answers" a WHERE a."session_id" = s."id" AND a."question_id"::text = k."key");--> statement-breakpoint
-- A session's drafts together may not pass 2 MiB, each counted as Postgres prints it (bytes):
-- checked after each draft written (AFTER triggers run at the statement's end). The writer
-- holds the session's row lock, and the check's query (a volatile function's) sees every save
-- committed before it: two saves racing for the last room cannot both get in. The error names
-- the cap, for the API's 413. Clearing a draft (null) is never refused.
CREATE FUNCTION "session_drafts_fit"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT sum("bytes") FROM "session_drafts" WHERE "session_id" = NEW."session_id") > 2097152 THEN
    RAISE EXCEPTION 'a session''s drafts may take at most 2 MiB'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'session_drafts_fit';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "session_drafts_fit" AFTER INSERT OR UPDATE OF "draft" ON "session_drafts"
  FOR EACH ROW WHEN (NEW."draft" IS NOT NULL) EXECUTE FUNCTION "session_drafts_fit"();--> statement-breakpoint
-- Whether a question of the session has an answer, read with a snapshot of its own (a volatile
-- function's): a draft save asks after it holds the session's lock, so an answer committed while
-- it waited (a submit, the clock's) is seen, and no dead draft is written for that question.
CREATE FUNCTION "session_question_answered"(p_session uuid, p_question uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM "answers" WHERE "session_id" = p_session AND "question_id" = p_question);
END $$;--> statement-breakpoint
ALTER TABLE "test_sessions" DROP COLUMN "pending_answers";--> statement-breakpoint
ALTER TABLE "test_sessions" DROP COLUMN "draft_versions";