ALTER TABLE "invitations" ADD COLUMN "preview" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "preview" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- A staff member's preview counts nowhere: no webhook hears of its session or its invitation.
DROP TRIGGER test_sessions_webhook_start ON test_sessions;
--> statement-breakpoint
CREATE TRIGGER test_sessions_webhook_start AFTER INSERT ON test_sessions FOR EACH ROW
  WHEN (NOT NEW.preview)
  EXECUTE FUNCTION webhook_session_events();
--> statement-breakpoint
DROP TRIGGER test_sessions_webhook_change ON test_sessions;
--> statement-breakpoint
CREATE TRIGGER test_sessions_webhook_change AFTER UPDATE ON test_sessions FOR EACH ROW
  WHEN (NOT NEW.preview AND (
        (OLD.status IN ('active', 'paused') AND NEW.status NOT IN ('active', 'paused'))
        OR (NEW.evaluation_status = 'done' AND NEW.evaluated_at IS DISTINCT FROM OLD.evaluated_at)))
  EXECUTE FUNCTION webhook_session_events();
--> statement-breakpoint
DROP TRIGGER invitations_webhook_accepted ON invitations;
--> statement-breakpoint
CREATE TRIGGER invitations_webhook_accepted AFTER UPDATE ON invitations FOR EACH ROW
  WHEN (NOT NEW.preview AND OLD.accepted_at IS NULL AND NEW.accepted_at IS NOT NULL)
  EXECUTE FUNCTION webhook_invitation_accepted();
