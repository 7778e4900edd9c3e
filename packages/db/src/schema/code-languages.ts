import { boolean, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { tstz } from './columns.ts'

/**
 * What the workers can run, one row per worker and code language: each worker probes every
 * toolchain at start (a real compile and run in its sandbox), writes what it found, and
 * re-stamps `seen_at` while it runs. The API lists the fleet's view (core's fleetLanguages:
 * available when every running worker can run it) and refuses to publish a question in a
 * language the fleet cannot run.
 */
export const codeLanguages = pgTable(
  'code_languages',
  {
    /** The worker's stable name (WORKER_ID, its host name by default): a restart overwrites. */
    workerId: text('worker_id').notNull(),
    language: text('language').notNull(),
    /** The toolchain's own words (`javac 17.0.15`), null when it is missing. */
    version: text('version'),
    available: boolean('available').notNull(),
    /** Why it is unavailable, for the recruiter and the operator. */
    problem: text('problem'),
    probedAt: tstz('probed_at').notNull(),
    /** The worker was last known running. */
    seenAt: tstz('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.language] })],
)
