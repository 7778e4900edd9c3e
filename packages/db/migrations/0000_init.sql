CREATE TYPE "public"."answer_submitted_by" AS ENUM('candidate', 'server');--> statement-breakpoint
CREATE TYPE "public"."assessment_status" AS ENUM('draft', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."completion_method" AS ENUM('manual', 'tab_close', 'timer_expired', 'heartbeat_timeout', 'auto', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."evaluation_status" AS ENUM('pending', 'grading', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."grading_status" AS ENUM('pending', 'grading', 'graded', 'failed', 'needs_review');--> statement-breakpoint
CREATE TYPE "public"."invitation_status" AS ENUM('pending', 'accepted', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."navigation_mode" AS ENUM('sequential', 'free');--> statement-breakpoint
CREATE TYPE "public"."question_difficulty" AS ENUM('easy', 'medium', 'hard');--> statement-breakpoint
CREATE TYPE "public"."question_type" AS ENUM('mcq', 'short_answer', 'code');--> statement-breakpoint
CREATE TYPE "public"."recommendation" AS ENUM('strong_hire', 'hire', 'maybe', 'no_hire');--> statement-breakpoint
CREATE TYPE "public"."session_status" AS ENUM('active', 'completed', 'expired', 'abandoned', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'recruiter', 'candidate');--> statement-breakpoint
CREATE TABLE "answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"answer" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"time_taken_ms" integer NOT NULL,
	"time_expired" boolean DEFAULT false NOT NULL,
	"submitted_by" "answer_submitted_by" DEFAULT 'candidate' NOT NULL,
	"client_submitted_at" timestamp with time zone,
	"grading_status" "grading_status" DEFAULT 'pending' NOT NULL,
	"score" double precision,
	"max_score" double precision NOT NULL,
	"feedback" jsonb,
	"grader" jsonb,
	"grading_error" jsonb,
	"graded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "answers_time_taken_non_negative" CHECK ("answers"."time_taken_ms" >= 0),
	CONSTRAINT "answers_score_range" CHECK ("answers"."score" IS NULL OR ("answers"."score" >= 0 AND "answers"."score" <= "answers"."max_score"))
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"created_by" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" "assessment_status" DEFAULT 'draft' NOT NULL,
	"duration_minutes" integer,
	"navigation" "navigation_mode" DEFAULT 'sequential' NOT NULL,
	"max_attempts" integer DEFAULT 1 NOT NULL,
	"grace_seconds" integer DEFAULT 2 NOT NULL,
	"heartbeat_timeout_seconds" integer DEFAULT 300 NOT NULL,
	"show_results_to_candidate" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessments_duration_positive" CHECK ("assessments"."duration_minutes" IS NULL OR "assessments"."duration_minutes" > 0),
	CONSTRAINT "assessments_max_attempts_positive" CHECK ("assessments"."max_attempts" >= 1),
	CONSTRAINT "assessments_grace_non_negative" CHECK ("assessments"."grace_seconds" >= 0),
	CONSTRAINT "assessments_heartbeat_timeout_positive" CHECK ("assessments"."heartbeat_timeout_seconds" > 0),
	CONSTRAINT "assessments_published_at_set" CHECK ("assessments"."status" = 'draft' OR "assessments"."published_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"token_hash" text NOT NULL,
	"status" "invitation_status" DEFAULT 'pending' NOT NULL,
	"extra_time_percent" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_extra_time_range" CHECK ("invitations"."extra_time_percent" BETWEEN 0 AND 300),
	CONSTRAINT "invitations_revoked_at_set" CHECK ("invitations"."status" <> 'revoked' OR "invitations"."revoked_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"section" text,
	"type" "question_type" NOT NULL,
	"prompt" text NOT NULL,
	"points" integer NOT NULL,
	"time_limit_seconds" integer,
	"difficulty" "question_difficulty",
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"spec" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questions_points_positive" CHECK ("questions"."points" > 0),
	CONSTRAINT "questions_position_non_negative" CHECK ("questions"."position" >= 0),
	CONSTRAINT "questions_time_limit_positive" CHECK ("questions"."time_limit_seconds" IS NULL OR "questions"."time_limit_seconds" > 0),
	CONSTRAINT "questions_spec_type_matches" CHECK ("questions"."spec"->>'type' = "questions"."type"::text)
);
--> statement-breakpoint
CREATE TABLE "session_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"client_at" timestamp with time zone,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "session_events_type_format" CHECK ("session_events"."type" ~ '^[a-z][a-z_]{0,49}$')
);
--> statement-breakpoint
CREATE TABLE "test_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"candidate_id" uuid NOT NULL,
	"invitation_id" uuid,
	"attempt_number" integer NOT NULL,
	"extra_time_percent" integer DEFAULT 0 NOT NULL,
	"status" "session_status" DEFAULT 'active' NOT NULL,
	"completion_method" "completion_method",
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"current_question_index" integer DEFAULT 0 NOT NULL,
	"current_question_served_at" timestamp with time zone,
	"question_served_at" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_heartbeat" timestamp with time zone,
	"last_activity" timestamp with time zone,
	"left_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"sections_completed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pending_answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"flagged_question_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"progress_percent" double precision DEFAULT 0 NOT NULL,
	"ip" "inet",
	"user_agent" text,
	"lease_id" uuid,
	"lease_renewed_at" timestamp with time zone,
	"revoked_lease_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_deadline_at" timestamp with time zone,
	"final_score" double precision,
	"max_score" double precision,
	"percentage" double precision,
	"recommendation" "recommendation",
	"ai_summary" jsonb,
	"evaluation_status" "evaluation_status" DEFAULT 'pending' NOT NULL,
	"evaluated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "test_sessions_attempt_positive" CHECK ("test_sessions"."attempt_number" >= 1),
	CONSTRAINT "test_sessions_index_non_negative" CHECK ("test_sessions"."current_question_index" >= 0),
	CONSTRAINT "test_sessions_progress_range" CHECK ("test_sessions"."progress_percent" BETWEEN 0 AND 100),
	CONSTRAINT "test_sessions_finished_has_method" CHECK ("test_sessions"."status" = 'active' OR ("test_sessions"."completion_method" IS NOT NULL AND "test_sessions"."completed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" "user_role" NOT NULL,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email")),
	CONSTRAINT "users_candidate_no_password" CHECK ("users"."role" <> 'candidate' OR "users"."password_hash" IS NULL)
);
--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_session_id_test_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."test_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_candidate_id_users_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_session_id_test_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."test_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_candidate_id_users_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "answers_session_question_key" ON "answers" USING btree ("session_id","question_id");--> statement-breakpoint
CREATE INDEX "answers_grading_status_idx" ON "answers" USING btree ("grading_status");--> statement-breakpoint
CREATE INDEX "answers_pending_idx" ON "answers" USING btree ("submitted_at") WHERE "answers"."grading_status" = 'pending';--> statement-breakpoint
CREATE INDEX "assessments_org_created_idx" ON "assessments" USING btree ("org_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "assessments_status_idx" ON "assessments" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_live_candidate_key" ON "invitations" USING btree ("assessment_id","candidate_id") WHERE "invitations"."status" <> 'revoked';--> statement-breakpoint
CREATE INDEX "invitations_assessment_created_idx" ON "invitations" USING btree ("assessment_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "questions_assessment_position_key" ON "questions" USING btree ("assessment_id","position");--> statement-breakpoint
CREATE INDEX "session_events_session_at_idx" ON "session_events" USING btree ("session_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "test_sessions_one_active_key" ON "test_sessions" USING btree ("assessment_id","candidate_id") WHERE "test_sessions"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "test_sessions_attempt_key" ON "test_sessions" USING btree ("assessment_id","candidate_id","attempt_number");--> statement-breakpoint
CREATE INDEX "test_sessions_status_idx" ON "test_sessions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "test_sessions_last_heartbeat_idx" ON "test_sessions" USING btree ("last_heartbeat");--> statement-breakpoint
CREATE INDEX "test_sessions_started_at_idx" ON "test_sessions" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "test_sessions_next_deadline_idx" ON "test_sessions" USING btree ("next_deadline_at") WHERE "test_sessions"."status" = 'active';--> statement-breakpoint
CREATE INDEX "test_sessions_org_status_idx" ON "test_sessions" USING btree ("org_id","status","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "users_staff_email_key" ON "users" USING btree ("email") WHERE "users"."role" <> 'candidate';--> statement-breakpoint
CREATE UNIQUE INDEX "users_candidate_org_email_key" ON "users" USING btree ("org_id","email") WHERE "users"."role" = 'candidate';--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id");