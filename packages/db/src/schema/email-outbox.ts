import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, timestamps, tstz } from './columns.ts'
import { invitations } from './invitations.ts'
import { memberInvitations } from './member-invitations.ts'
import { organizations } from './organizations.ts'

/**
 * Emails to send, written in the same transaction as the change that causes them (an
 * invitation, a member invitation, a written summary); the worker relays pending rows to the
 * `emails` queue and sends them. `data` holds what the template needs, links included, until the
 * email is sent or has failed for good; it is then cleared, so no working link stays in the
 * database longer than it must.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The template: candidate_invitation | member_invitation | results_ready. */
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    data: jsonb('data'),
    /**
     * The invitation (candidate or member) whose link the email carries: revoking it cancels the
     * email if it has not gone yet (a trigger), so no dead link is sent.
     */
    invitationId: uuid('invitation_id').references(() => invitations.id, { onDelete: 'cascade' }),
    memberInvitationId: uuid('member_invitation_id').references(() => memberInvitations.id, {
      onDelete: 'cascade',
    }),
    /**
     * pending → sent, or failed after the last retry, or cancelled (its invitation was revoked
     * or had expired before it could be sent). A row cancelled while its send was under way
     * becomes sent: the email went out.
     */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /**
     * When the relay may queue it next: at once when written; after a run of attempts that all
     * failed (an SMTP outage), a pause that grows between runs.
     */
    nextAttemptAt: tstz('next_attempt_at').notNull().default(sql`now()`),
    lastError: text('last_error'),
    sentAt: tstz('sent_at'),
    ...timestamps(),
  },
  (t) => [
    check('email_outbox_status', sql`${t.status} IN ('pending', 'sent', 'failed', 'cancelled')`),
    index('email_outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('email_outbox_org_idx').on(t.orgId, t.createdAt.desc()),
    index('email_outbox_invitation_idx').on(t.invitationId),
    index('email_outbox_member_invitation_idx').on(t.memberInvitationId),
  ],
)
