import { type LoginInput, UnauthorizedError } from '@assess/core'
import { and, eq, ne } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { users } from '../../schema/index.ts'
import { verifyPassword } from './passwords.ts'

/** Checks staff credentials; unknown email and wrong password fail alike, in message and time. */
export async function authenticate(db: Db, input: LoginInput) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.email, input.email), ne(users.role, 'candidate')))
    .limit(1)
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null)
  if (!user || !ok)
    throw new UnauthorizedError('invalid_credentials', 'Email or password is incorrect')
  return user
}
