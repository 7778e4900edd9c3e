CREATE TABLE "code_languages" (
	"language" text PRIMARY KEY NOT NULL,
	"version" text,
	"available" boolean NOT NULL,
	"problem" text,
	"probed_at" timestamp with time zone NOT NULL
);
