import { drizzle } from 'drizzle-orm/postgres-js'
import type postgres from 'postgres'
import type { Database } from './client.ts'
import * as schema from './schema/index.ts'

export interface PipelinedTransaction {
  /** The reserved connection: statements issued together are pipelined (one round trip). */
  sql: postgres.ReservedSql
  /** Sends `last` and COMMIT together; a failed `last` turns the COMMIT into a rollback. */
  commitWith<T>(last: Promise<T>): Promise<T>
  /**
   * drizzle on this transaction's connection, for the shared commands written with drizzle.
   * Statements only: it is no drizzle transaction, so a command that opens its own
   * (inTransaction) must not be given it.
   */
  db(): Database
}

/**
 * A transaction on one reserved connection, for hot paths counted in round trips: BEGIN goes
 * out with the caller's first statements, COMMIT with its last. If `fn` returns or throws
 * without committing, the transaction is rolled back, so the connection never returns to the
 * pool mid-transaction.
 */
export async function pipelinedTransaction<T>(
  pool: postgres.Sql,
  fn: (tx: PipelinedTransaction) => Promise<T>,
): Promise<T> {
  const sql = await pool.reserve()
  let open = true
  let onConnection: Database | undefined
  // postgres.js queries are lazy: execute() sends BEGIN now, ahead of the caller's statements.
  const begun = sql`BEGIN`.execute()
  begun.catch(() => {}) // its failure surfaces through the statements that follow it
  try {
    const result = await fn({
      sql,
      async commitWith(last) {
        const [value] = await Promise.all([last, sql`COMMIT`])
        open = false
        return value
      },
      db: () => {
        // drizzle reads its type parsers from the client's options, which only the pool carries
        // (a reserved connection shares the pool's without exposing them).
        onConnection ??= drizzle(Object.assign(sql, { options: pool.options }), {
          schema,
        }) as Database
        return onConnection
      },
    })
    await begun
    if (open) {
      open = false
      await sql`ROLLBACK`
    }
    return result
  } catch (error) {
    if (open) await sql`ROLLBACK`.catch(() => {})
    throw error
  } finally {
    sql.release()
  }
}
