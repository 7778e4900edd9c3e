import { ForbiddenError, type LoginInput, UnauthorizedError } from '@assess/core'
import { and, eq, ne } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { users } from '../../schema/index.ts'
import { verifyPassword } from './passwords.ts'

/**
 * Checks staff credentials; unknown email and wrong password fail alike, in message and time.
 * A deactivated account is refused only after its password matched, so the refusal tells
 * nothing to someone who does not know the password.
 */
export async function authenticate(db: Db, input: LoginInput) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, input.email), ne(users.role, 'candidate')))
    .limit(1)
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null)
  if (!user || !ok)
    throw new UnauthorizedError('invalid_credentials', 'Email or password is incorrect')
  if (user.deactivatedAt)
    throw new ForbiddenError('account_deactivated', 'This account has been deactivated')
  return user
}
