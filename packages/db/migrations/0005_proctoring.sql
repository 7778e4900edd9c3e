-- drizzle-kit wrote ALTER TYPE … ADD VALUE, but the migrator applies every pending migration in one
-- transaction and a value added there cannot be used in it (the index below does): swap the type.
ALTER TABLE "test_sessions" DROP CONSTRAINT "test_sessions_finished_has_method";--> statement-breakpoint
DROP INDEX "test_sessions_one_active_key";--> statement-breakpoint
DROP INDEX "test_sessions_next_deadline_idx";--> statement-breakpoint
ALTER TYPE "public"."session_status" RENAME TO "session_status_before_paused";--> statement-breakpoint
CREATE TYPE "public"."session_status" AS ENUM('active', 'paused', 'completed', 'expired', 'abandoned', 'cancelled');--> statement-breakpoint
ALTER TABLE "test_sessions" ALTER COLUMN "status" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "test_sessions" ALTER COLUMN "status" TYPE "public"."session_status" USING "status"::text::"public"."session_status";--> statement-breakpoint
ALTER TABLE "test_sessions" ALTER COLUMN "status" SET DEFAULT 'active';--> statement-breakpoint
DROP TYPE "public"."session_status_before_paused";--> statement-breakpoint
CREATE INDEX "test_sessions_next_deadline_idx" ON "test_sessions" USING btree ("next_deadline_at") WHERE "test_sessions"."status" = 'active';--> statement-breakpoint
CREATE TABLE "grade_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"answer_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"grading_status" "grading_status" NOT NULL,
	"score" double precision,
	"max_score" double precision NOT NULL,
	"feedback" jsonb,
	"grader" jsonb,
	"graded_at" timestamp with time zone,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_by" uuid,
	"action" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "extra_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD COLUMN "pause_reason" text;--> statement-breakpoint
ALTER TABLE "grade_history" ADD CONSTRAINT "grade_history_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_history" ADD CONSTRAINT "grade_history_answer_id_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_history" ADD CONSTRAINT "grade_history_session_id_test_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."test_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_history" ADD CONSTRAINT "grade_history_replaced_by_users_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grade_history_answer_idx" ON "grade_history" USING btree ("answer_id","replaced_at");--> statement-breakpoint
CREATE UNIQUE INDEX "test_sessions_one_active_key" ON "test_sessions" USING btree ("assessment_id","candidate_id") WHERE "test_sessions"."status" IN ('active', 'paused');--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_extra_attempts_range" CHECK ("invitations"."extra_attempts" BETWEEN 0 AND 100);--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_paused_has_time" CHECK (("test_sessions"."status" = 'paused') = ("test_sessions"."paused_at" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_finished_has_method" CHECK ("test_sessions"."status" IN ('active', 'paused') OR ("test_sessions"."completion_method" IS NOT NULL AND "test_sessions"."completed_at" IS NOT NULL));