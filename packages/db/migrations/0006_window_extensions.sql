ALTER TABLE "test_sessions" ADD COLUMN "window_extensions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- Free navigation now keeps its one served-at moment in current_question_served_at (a pause or an
-- extension moves it); before, a submit set it to the submit time. Sessions under way at upgrade
-- get their start back, which is what their windows were measured from.
UPDATE "test_sessions" s SET "current_question_served_at" = s."started_at"
FROM "assessments" a
WHERE a."id" = s."assessment_id" AND a."navigation" = 'free' AND s."status" = 'active';
