CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"data" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_outbox_status" CHECK ("email_outbox"."status" IN ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "member_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "user_role" NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"user_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_invitations_staff_role" CHECK ("member_invitations"."role" <> 'candidate'),
	CONSTRAINT "member_invitations_email_lowercase" CHECK ("member_invitations"."email" = lower("member_invitations"."email"))
);
--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"duration_ms" integer NOT NULL,
	"error" text,
	"response_excerpt" text
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"redelivery_of" uuid,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_status" CHECK ("webhook_deliveries"."status" IN ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"description" text,
	"secret" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhooks_events_not_empty" CHECK (cardinality("webhooks"."events") > 0)
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_invitations" ADD CONSTRAINT "member_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_outbox_pending_idx" ON "email_outbox" USING btree ("created_at") WHERE "email_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "email_outbox_org_idx" ON "email_outbox" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "member_invitations_token_hash_key" ON "member_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "member_invitations_open_email_key" ON "member_invitations" USING btree ("org_id","email") WHERE "member_invitations"."accepted_at" IS NULL AND "member_invitations"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "member_invitations_org_idx" ON "member_invitations" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_attempts_delivery_attempt_key" ON "webhook_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhooks_org_idx" ON "webhooks" USING btree ("org_id");--> statement-breakpoint
CREATE TRIGGER member_invitations_set_updated_at BEFORE UPDATE ON member_invitations FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER email_outbox_set_updated_at BEFORE UPDATE ON email_outbox FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER webhooks_set_updated_at BEFORE UPDATE ON webhooks FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
CREATE TRIGGER webhook_deliveries_set_updated_at BEFORE UPDATE ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION set_updated_at();
--> statement-breakpoint
-- The worker LISTENs: a committed email wakes its relay at once (a periodic pass covers a missed one).
CREATE OR REPLACE FUNCTION notify_email_outbox() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('email_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER email_outbox_notify AFTER INSERT ON email_outbox FOR EACH STATEMENT EXECUTE FUNCTION notify_email_outbox();
--> statement-breakpoint
-- Webhook events are written here, by triggers, in the transaction of the change they report:
-- sessions start and end on many paths (the API's fast and locked paths, the clock's catch-up,
-- the sweeper, proctor actions, revocations), and none of them can forget an event this way.
-- An organization without a subscribed endpoint pays one index probe per start or end.
CREATE OR REPLACE FUNCTION queue_webhook_event(p_org uuid, p_type text, p_data jsonb) RETURNS void AS $$
DECLARE
  queued integer;
BEGIN
  INSERT INTO webhook_deliveries (webhook_id, org_id, message_id, event_type, payload, next_attempt_at)
  SELECT w.id, w.org_id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), p_type,
         jsonb_build_object(
           'type', p_type,
           'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'data', p_data),
         now()
  FROM webhooks w
  WHERE w.org_id = p_org AND w.active AND p_type = ANY (w.events);
  GET DIAGNOSTICS queued = ROW_COUNT;
  IF queued > 0 THEN
    PERFORM pg_notify('webhook_deliveries', p_type);
  END IF;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION webhook_subscribed(p_org uuid, p_type text) RETURNS boolean AS $$
  SELECT EXISTS (SELECT 1 FROM webhooks w WHERE w.org_id = p_org AND w.active AND p_type = ANY (w.events));
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
-- What every session event says about the session: ids, the candidate, the assessment.
CREATE OR REPLACE FUNCTION webhook_session_data(s test_sessions) RETURNS jsonb AS $$
  SELECT jsonb_build_object(
    'session_id', s.id,
    'assessment', jsonb_build_object('id', a.id, 'title', a.title),
    'invitation_id', s.invitation_id,
    'candidate', jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name),
    'attempt_number', s.attempt_number)
  FROM assessments a, users u
  WHERE a.id = s.assessment_id AND u.id = s.candidate_id;
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION webhook_session_events() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF webhook_subscribed(NEW.org_id, 'session.started') THEN
      PERFORM queue_webhook_event(NEW.org_id, 'session.started', webhook_session_data(NEW) || jsonb_build_object(
        'started_at', NEW.started_at, 'expires_at', NEW.expires_at));
    END IF;
    RETURN NULL;
  END IF;
  IF OLD.status IN ('active', 'paused') AND NEW.status NOT IN ('active', 'paused')
     AND webhook_subscribed(NEW.org_id, 'session.completed') THEN
    PERFORM queue_webhook_event(NEW.org_id, 'session.completed', webhook_session_data(NEW) || jsonb_build_object(
      'status', NEW.status, 'completion_method', NEW.completion_method,
      'started_at', NEW.started_at, 'completed_at', NEW.completed_at));
  END IF;
  IF NEW.evaluation_status = 'done' AND NEW.evaluated_at IS DISTINCT FROM OLD.evaluated_at
     AND webhook_subscribed(NEW.org_id, 'session.summarized') THEN
    PERFORM queue_webhook_event(NEW.org_id, 'session.summarized', webhook_session_data(NEW) || jsonb_build_object(
      'status', NEW.status, 'completion_method', NEW.completion_method,
      'final_score', NEW.final_score, 'max_score', NEW.max_score, 'percentage', NEW.percentage,
      'recommendation', NEW.recommendation, 'summary', NEW.ai_summary,
      'evaluated_at', NEW.evaluated_at,
      -- The worker prefixes PUBLIC_URL when it sends (report_url): the row stays deployment-neutral.
      'report_path', '/results/' || NEW.id));
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER test_sessions_webhook_start AFTER INSERT ON test_sessions FOR EACH ROW EXECUTE FUNCTION webhook_session_events();
--> statement-breakpoint
CREATE TRIGGER test_sessions_webhook_change AFTER UPDATE ON test_sessions FOR EACH ROW
  WHEN ((OLD.status IN ('active', 'paused') AND NEW.status NOT IN ('active', 'paused'))
        OR (NEW.evaluation_status = 'done' AND NEW.evaluated_at IS DISTINCT FROM OLD.evaluated_at))
  EXECUTE FUNCTION webhook_session_events();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION webhook_invitation_accepted() RETURNS trigger AS $$
BEGIN
  IF webhook_subscribed(NEW.org_id, 'invitation.accepted') THEN
    PERFORM queue_webhook_event(NEW.org_id, 'invitation.accepted', jsonb_build_object(
      'invitation_id', NEW.id,
      'assessment', (SELECT jsonb_build_object('id', a.id, 'title', a.title) FROM assessments a WHERE a.id = NEW.assessment_id),
      'candidate', (SELECT jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name) FROM users u WHERE u.id = NEW.candidate_id),
      'accepted_at', NEW.accepted_at));
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER invitations_webhook_accepted AFTER UPDATE ON invitations FOR EACH ROW
  WHEN (OLD.accepted_at IS NULL AND NEW.accepted_at IS NOT NULL)
  EXECUTE FUNCTION webhook_invitation_accepted();
