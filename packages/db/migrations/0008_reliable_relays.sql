ALTER TABLE "email_outbox" DROP CONSTRAINT "email_outbox_status";--> statement-breakpoint
DROP INDEX "email_outbox_pending_idx";--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "member_invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "queued_attempt" integer;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_member_invitation_id_member_invitations_id_fk" FOREIGN KEY ("member_invitation_id") REFERENCES "public"."member_invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_outbox_invitation_idx" ON "email_outbox" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "email_outbox_member_invitation_idx" ON "email_outbox" USING btree ("member_invitation_id");--> statement-breakpoint
CREATE INDEX "email_outbox_pending_idx" ON "email_outbox" USING btree ("next_attempt_at") WHERE "email_outbox"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_status" CHECK ("email_outbox"."status" IN ('pending', 'sent', 'failed', 'cancelled'));
--> statement-breakpoint
-- An email whose invitation is revoked (or, for a member, already accepted) before it goes would
-- carry a dead link: every path that revokes goes through these rows, so a trigger cancels it.
CREATE OR REPLACE FUNCTION cancel_invitation_emails() RETURNS trigger AS $$
BEGIN
  IF TG_TABLE_NAME = 'invitations' THEN
    UPDATE email_outbox SET status = 'cancelled', data = NULL,
           last_error = 'the invitation was revoked before the email was sent'
     WHERE invitation_id = NEW.id AND status = 'pending';
  ELSE
    UPDATE email_outbox SET status = 'cancelled', data = NULL,
           last_error = CASE WHEN NEW.revoked_at IS NOT NULL
                             THEN 'the invitation was withdrawn before the email was sent'
                             ELSE 'the invitation was accepted before the email was sent' END
     WHERE member_invitation_id = NEW.id AND status = 'pending';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER invitations_cancel_emails AFTER UPDATE OF status ON invitations
  FOR EACH ROW WHEN (NEW.status = 'revoked' AND OLD.status <> 'revoked')
  EXECUTE FUNCTION cancel_invitation_emails();
--> statement-breakpoint
CREATE TRIGGER member_invitations_cancel_emails AFTER UPDATE OF revoked_at, accepted_at ON member_invitations
  FOR EACH ROW WHEN ((NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL)
                  OR (NEW.accepted_at IS NOT NULL AND OLD.accepted_at IS NULL))
  EXECUTE FUNCTION cancel_invitation_emails();
