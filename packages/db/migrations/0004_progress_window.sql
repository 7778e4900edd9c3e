ALTER TABLE "test_sessions" ADD COLUMN "progress_window_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "progress_window_saves" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "draft_event_at" timestamp with time zone;--> statement-breakpoint
-- Draft saves are folded by the session row now (one draft_saved event a minute, decided by the
-- same UPDATE that saves them), which costs no trigger on every event insert.
DROP TRIGGER IF EXISTS session_events_fold_draft_saved ON session_events;--> statement-breakpoint
DROP FUNCTION IF EXISTS fold_draft_saved();
