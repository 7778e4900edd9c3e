import type { EmailDataOf, EmailKind } from '@assess/core'
import type { Db } from '../../client.ts'
import { emailOutbox } from '../../schema/index.ts'

/**
 * Queues an email: a row in the outbox, written with the caller's transaction (`db`), so the
 * email exists exactly when the change that causes it commits. The worker relays and sends it.
 */
export async function queueEmail<K extends EmailKind>(
  db: Db,
  email: {
    orgId: string
    kind: K
    to: string
    data: EmailDataOf<K>
    /** The invitation whose link it carries: revoking it cancels the email if still unsent. */
    invitationId?: string
    memberInvitationId?: string
  },
): Promise<{ id: string }> {
  const [row] = await db
    .insert(emailOutbox)
    .values({
      orgId: email.orgId,
      kind: email.kind,
      toAddress: email.to,
      data: email.data,
      invitationId: email.invitationId,
      memberInvitationId: email.memberInvitationId,
    })
    .returning({ id: emailOutbox.id })
  if (!row) throw new Error('the email was not queued')
  return row
}
