import { fileURLToPath } from 'node:url'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url))
// Any fixed number: several API replicas starting at once migrate one after another.
const MIGRATION_LOCK_KEY = 7_416_221

/** Creates the database named in `url` when it does not exist yet (a fresh local setup). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  if (!name) throw new Error('DATABASE_URL names no database')
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} })
  try {
    const rows = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`
    if (rows.length > 0) return false
    await sql.unsafe(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((err) => {
      if ((err as { code?: string }).code !== '42P04') throw err // someone else just created it
    })
    return true
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** Applies the committed migrations; safe on an empty and on an up-to-date database alike. */
export async function migrateDatabase(url: string): Promise<void> {
  // One connection, so the advisory lock and the migration share a session.
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`
    await migrate(drizzle(sql), { migrationsFolder })
    await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`
  } finally {
    await sql.end({ timeout: 5 })
  }
}
