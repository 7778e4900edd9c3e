import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, tstz } from './columns.ts'
import { userRole } from './enums.ts'
import { organizations } from './organizations.ts'
import { users } from './users.ts'

/** An admin's invitation for someone to join the organization's staff (admin or recruiter). */
export const memberInvitations = pgTable(
  'member_invitations',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: userRole('role').notNull(),
    /** sha256 of the token; the token itself is shown once (and emailed) and never stored. */
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: tstz('expires_at').notNull(),
    acceptedAt: tstz('accepted_at'),
    /** The staff user the acceptance created. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: tstz('revoked_at'),
    ...timestamps(),
  },
  (t) => [
    check('member_invitations_staff_role', sql`${t.role} <> 'candidate'`),
    check('member_invitations_email_lowercase', sql`${t.email} = lower(${t.email})`),
    uniqueIndex('member_invitations_token_hash_key').on(t.tokenHash),
    // One open invitation per address and organization: inviting again replaces it.
    uniqueIndex('member_invitations_open_email_key')
      .on(t.orgId, t.email)
      .where(sql`${t.acceptedAt} IS NULL AND ${t.revokedAt} IS NULL`),
    index('member_invitations_org_idx').on(t.orgId, t.createdAt.desc()),
  ],
)
