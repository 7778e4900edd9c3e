import { sql } from 'drizzle-orm'
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, tstz } from './columns.ts'
import { userRole } from './enums.ts'
import { organizations } from './organizations.ts'

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: userRole('role').notNull(),
    /** argon2id via Bun.password; candidates never have one (they come in through invitations). */
    passwordHash: text('password_hash'),
    /**
     * Set when an admin removes a staff member: they cannot sign in, and every staff request
     * re-reads the user, so their tokens stop working at once. The row stays (audit trails).
     */
    deactivatedAt: tstz('deactivated_at'),
    ...timestamps(),
  },
  (t) => [
    check('users_email_lowercase', sql`${t.email} = lower(${t.email})`),
    check(
      'users_candidate_no_password',
      sql`${t.role} <> 'candidate' OR ${t.passwordHash} IS NULL`,
    ),
    // Staff log in by email alone, so a staff email is unique across organizations.
    uniqueIndex('users_staff_email_key').on(t.email).where(sql`${t.role} <> 'candidate'`),
    uniqueIndex('users_candidate_org_email_key')
      .on(t.orgId, t.email)
      .where(sql`${t.role} = 'candidate'`),
    index('users_org_idx').on(t.orgId),
  ],
)
