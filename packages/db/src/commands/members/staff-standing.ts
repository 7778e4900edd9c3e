import type { Database } from '../../client.ts'

export interface StaffStanding {
  role: 'admin' | 'recruiter'
  deactivated: boolean
}

/**
 * The staff user behind a token as the database has them now, read on every staff request so a
 * deactivation or a role change takes effect at once: one prepared statement (postgres.js
 * prepares tagged queries) on the primary key. Null: no such staff user in that organization.
 */
export async function readStaffStanding(
  db: Database,
  who: { userId: string; orgId: string },
): Promise<StaffStanding | null> {
  const [row] = await db.$client<StaffStanding[]>`
    SELECT role, deactivated_at IS NOT NULL AS deactivated FROM users
    WHERE id = ${who.userId} AND org_id = ${who.orgId} AND role <> 'candidate'`
  return row ?? null
}
