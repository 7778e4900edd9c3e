import { inArray, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { testSessions } from '../../schema/index.ts'

/** Sessions a candidate is in right now (active or paused): one count on the status index. */
export async function countOpenSessions(db: Db): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(testSessions)
    .where(inArray(testSessions.status, ['active', 'paused']))
  return row?.count ?? 0
}
