import { NotFoundError } from '@assess/core'
import { and, eq } from 'drizzle-orm'
import type { Transaction } from '../../client.ts'
import { invitations } from '../../schema/index.ts'
import type { StaffActor } from '../actor.ts'
import type { InvitationRow } from './types.ts'

/** An invitation of the actor's organization, locked for a change (another's is a 404). */
export async function lockInvitation(
  tx: Transaction,
  actor: StaffActor,
  invitationId: string,
): Promise<InvitationRow> {
  const [current] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.orgId, actor.orgId)))
    .for('update')
  if (!current) throw new NotFoundError('invitation_not_found', 'Invitation not found')
  return current
}
