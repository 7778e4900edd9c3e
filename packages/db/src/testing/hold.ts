import type postgres from 'postgres'

/**
 * Another client's transaction, stopped mid-way: opens it, runs `take` (say, a row lock), and
 * keeps it open until `release()`, which commits it. Resolves once `take` has run; rejects if
 * it fails. For tests of what waits on a lock and what does not.
 */
export async function holdTransaction(
  sql: postgres.Sql,
  take: (tx: postgres.TransactionSql) => Promise<unknown>,
): Promise<{ release: () => Promise<void> }> {
  let release = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let held = () => {}
  const holding = new Promise<void>((resolve) => {
    held = resolve
  })
  const done = sql.begin(async (tx) => {
    await take(tx)
    held()
    await released
  })
  await Promise.race([holding, done])
  return {
    async release() {
      release()
      await done
    },
  }
}
