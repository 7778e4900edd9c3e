import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { assessments } from './assessments.ts'
import { id, timestamps, tstz } from './columns.ts'
import { invitationStatus } from './enums.ts'
import { organizations } from './organizations.ts'
import { users } from './users.ts'

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name'),
    /** sha256 of the link token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull(),
    status: invitationStatus('status').notNull().default('pending'),
    extraTimePercent: integer('extra_time_percent').notNull().default(0),
    /** Attempts granted by a recruiter on top of the assessment's max_attempts. */
    extraAttempts: integer('extra_attempts').notNull().default(0),
    expiresAt: tstz('expires_at').notNull(),
    acceptedAt: tstz('accepted_at'),
    revokedAt: tstz('revoked_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * A staff member's own try of the assessment ("Take it as a candidate"), for a stand-in
     * candidate of theirs: its sessions count nowhere (commands/invitations/start-preview.ts).
     */
    preview: boolean('preview').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    check('invitations_extra_time_range', sql`${t.extraTimePercent} BETWEEN 0 AND 300`),
    check('invitations_extra_attempts_range', sql`${t.extraAttempts} BETWEEN 0 AND 100`),
    check(
      'invitations_revoked_at_set',
      sql`${t.status} <> 'revoked' OR ${t.revokedAt} IS NOT NULL`,
    ),
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    // One live invitation per candidate and assessment: re-inviting revokes the old link first.
    uniqueIndex('invitations_live_candidate_key')
      .on(t.assessmentId, t.candidateId)
      .where(sql`${t.status} <> 'revoked'`),
    index('invitations_assessment_created_idx').on(t.assessmentId, t.createdAt.desc()),
  ],
)
