-- One report per worker and language (a fleet may mix toolchains). Reports from before keep
-- their probe as one unnamed worker's, seen when probed, so they stand until a worker reports.
ALTER TABLE "code_languages" ADD COLUMN "worker_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "code_languages" ADD COLUMN "seen_at" timestamp with time zone;--> statement-breakpoint
UPDATE "code_languages" SET "seen_at" = "probed_at";--> statement-breakpoint
ALTER TABLE "code_languages" ALTER COLUMN "seen_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "code_languages" ALTER COLUMN "worker_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "code_languages" DROP CONSTRAINT "code_languages_pkey";--> statement-breakpoint
ALTER TABLE "code_languages" ADD CONSTRAINT "code_languages_worker_id_language_pk" PRIMARY KEY("worker_id","language");
