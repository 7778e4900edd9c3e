import { ConflictError, type SignupInput } from '@assess/core'
import type { Db } from '../../client.ts'
import { isUniqueViolation } from '../../pg-errors.ts'
import { organizations, users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'
import { hashPassword } from './passwords.ts'

/** Creates an organization and its first admin in one transaction. */
export async function signUp(db: Db, input: SignupInput) {
  const passwordHash = await hashPassword(input.password)
  try {
    return await inTransaction(db, async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({ name: input.organization_name })
        .returning()
      if (!org) throw new Error('organization insert returned nothing')
      const [user] = await tx
        .insert(users)
        .values({
          orgId: org.id,
          email: input.email,
          name: input.name,
          role: 'admin',
          passwordHash,
        })
        .returning()
      if (!user) throw new Error('user insert returned nothing')
      return { organization: org, user }
    })
  } catch (err) {
    if (isUniqueViolation(err, 'users_staff_email_key'))
      throw new ConflictError('email_taken', 'An account with this email already exists')
    throw err
  }
}
