import { boolean, pgTable, text } from 'drizzle-orm/pg-core'
import { tstz } from './columns.ts'

/**
 * What the workers can run, one row per code language: each worker probes every toolchain at
 * start (a real compile and run in its sandbox) and writes what it found. The API lists it
 * (GET /api/languages) and refuses to publish a question in a language reported unavailable.
 */
export const codeLanguages = pgTable('code_languages', {
  language: text('language').primaryKey(),
  /** The toolchain's own words (`javac 17.0.15`), null when it is missing. */
  version: text('version'),
  available: boolean('available').notNull(),
  /** Why it is unavailable, for the recruiter and the operator. */
  problem: text('problem'),
  probedAt: tstz('probed_at').notNull(),
})
