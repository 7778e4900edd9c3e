-- A candidate's browser saves drafts every second while they type: one `draft_saved` row per
-- save would grow the timeline by thousands of rows an hour. Saves within a minute of the last
-- one fold into it (the questions touched, how many saves, the last one's time), whoever writes
-- the event (the API's fast path, its locked path, a manual fix in psql).
CREATE OR REPLACE FUNCTION fold_draft_saved() RETURNS trigger AS $$
DECLARE
  recent_id bigint;
BEGIN
  SELECT id INTO recent_id FROM session_events
  WHERE session_id = NEW.session_id AND type = 'draft_saved' AND at > NEW.at - interval '1 minute'
  ORDER BY at DESC
  LIMIT 1;
  IF recent_id IS NULL THEN
    NEW.data := NEW.data || jsonb_build_object('saves', 1, 'last_at', NEW.at);
    RETURN NEW;
  END IF;
  UPDATE session_events SET data = jsonb_build_object(
      'question_ids', (
        SELECT COALESCE(jsonb_agg(DISTINCT q), '[]'::jsonb)
        FROM jsonb_array_elements_text(
          COALESCE(data -> 'question_ids', '[]'::jsonb) || COALESCE(NEW.data -> 'question_ids', '[]'::jsonb)
        ) AS q
      ),
      'saves', COALESCE((data ->> 'saves')::int, 1) + 1,
      'last_at', NEW.at)
  WHERE id = recent_id;
  RETURN NULL; -- folded: no row of its own
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER session_events_fold_draft_saved BEFORE INSERT ON session_events
FOR EACH ROW WHEN (NEW.type = 'draft_saved') EXECUTE FUNCTION fold_draft_saved();
