import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, tstz } from './columns.ts'
import { assessmentStatus, navigationMode } from './enums.ts'
import { organizations } from './organizations.ts'
import { users } from './users.ts'

export const assessments = pgTable(
  'assessments',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: assessmentStatus('status').notNull().default('draft'),
    /** Overall limit; null means only per-question limits apply. */
    durationMinutes: integer('duration_minutes'),
    navigation: navigationMode('navigation').notNull().default('sequential'),
    maxAttempts: integer('max_attempts').notNull().default(1),
    /** Network grace added to every deadline before a submit is refused. */
    graceSeconds: integer('grace_seconds').notNull().default(2),
    heartbeatTimeoutSeconds: integer('heartbeat_timeout_seconds').notNull().default(300),
    showResultsToCandidate: boolean('show_results_to_candidate').notNull().default(false),
    publishedAt: tstz('published_at'),
    ...timestamps(),
  },
  (t) => [
    check(
      'assessments_duration_positive',
      sql`${t.durationMinutes} IS NULL OR ${t.durationMinutes} > 0`,
    ),
    check('assessments_max_attempts_positive', sql`${t.maxAttempts} >= 1`),
    check('assessments_grace_non_negative', sql`${t.graceSeconds} >= 0`),
    check('assessments_heartbeat_timeout_positive', sql`${t.heartbeatTimeoutSeconds} > 0`),
    check(
      'assessments_published_at_set',
      sql`${t.status} = 'draft' OR ${t.publishedAt} IS NOT NULL`,
    ),
    index('assessments_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index('assessments_status_idx').on(t.status),
  ],
)
