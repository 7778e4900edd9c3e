import { NotFoundError } from '@assess/core'
import { and, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { users } from '../../schema/index.ts'

export async function getUser(db: Db, params: { userId: string; orgId: string }) {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, params.userId), eq(users.orgId, params.orgId)))
    .limit(1)
  if (!user) throw new NotFoundError('user_not_found', 'User not found')
  return user
}
