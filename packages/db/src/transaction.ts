import { PgTransaction } from 'drizzle-orm/pg-core'
import type { Db, Transaction } from './client.ts'

/** Runs `fn` in a transaction, joining the caller's when there already is one. */
export function inTransaction<T>(db: Db, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return fn(db as Transaction)
  return db.transaction(fn)
}
