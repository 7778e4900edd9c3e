import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

/** `$client`: the postgres.js pool, for the few hot statements written as prepared SQL. */
export type Database = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql }
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
/** Every query and command takes either the pool or an open transaction. */
export type Db = Database | Transaction

export interface DbHandle {
  db: Database
  sql: postgres.Sql
  close: () => Promise<void>
}

export function createDb(
  url: string,
  options: {
    max?: number
    /** Told of every statement sent (tests count them). */
    onQuery?: (query: string) => void
  } = {},
): DbHandle {
  const { onQuery } = options
  const sql = postgres(url, {
    max: options.max ?? 10,
    ...(onQuery && { debug: (_connection: number, query: string) => onQuery(query) }),
    onnotice: () => {},
    // Timestamps come back as Date and jsonb as parsed values; nothing else needs converting.
    connection: { application_name: 'assess' },
  })
  const db = drizzle(sql, { schema })
  return { db, sql, close: () => sql.end({ timeout: 5 }) }
}
