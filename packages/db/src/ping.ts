import { sql } from 'drizzle-orm'
import type { Db } from './client.ts'

/** Readiness probe: one round trip to Postgres. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`SELECT 1`)
}
