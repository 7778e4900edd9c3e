import { ConflictError, type MemberAcceptInput } from '@assess/core'
import { eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { isUniqueViolation } from '../../pg-errors.ts'
import { memberInvitations, users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import { hashPassword } from '../auth/passwords.ts'
import { readMemberInvitation } from './read-member-invitation.ts'

/**
 * Accepts a member invitation: creates the staff user with the invited role and marks the
 * invitation used, in one transaction. Single use: the invitation row is locked, so of two
 * accepts at once one creates the user and the other finds it used (410).
 */
export async function acceptMemberInvitation(
  db: Db,
  params: { token: string; input: MemberAcceptInput; now: Date },
) {
  // Checked before hashing: argon2 is slow and memory-hungry on purpose, and a made-up or dead
  // link must not cost the server a hash. Checked again under the lock below.
  await readMemberInvitation(db, { token: params.token, now: params.now })
  // Hashed before the transaction: no lock should wait on it.
  const passwordHash = await hashPassword(params.input.password)
  try {
    return await inTransaction(db, async (tx) => {
      const { invitation } = await readMemberInvitation(tx, { ...params, lock: true })
      const [user] = await tx
        .insert(users)
        .values({
          orgId: invitation.orgId,
          email: invitation.email,
          name: params.input.name,
          role: invitation.role,
          passwordHash,
        })
        .returning()
      if (!user) throw new Error('user insert returned nothing')
      await tx
        .update(memberInvitations)
        .set({ acceptedAt: params.now, userId: user.id })
        .where(eq(memberInvitations.id, invitation.id))
      return user
    })
  } catch (err) {
    if (isUniqueViolation(err, 'users_staff_email_key'))
      throw new ConflictError('email_taken', 'An account with this email already exists')
    throw err
  }
}
