import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { pipelinedTransaction } from './reserved-transaction.ts'
import { createTestDatabase } from './testing/index.ts'

let database: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  database = await createTestDatabase()
  await database.sql`CREATE TABLE notes (id int PRIMARY KEY)`
})
afterAll(() => database.close())

const count = async () => (await database.sql`SELECT count(*)::int AS n FROM notes`)[0]?.n

describe('pipelinedTransaction', () => {
  test('the first and the last statement run in one transaction, which commits', async () => {
    const ids = await pipelinedTransaction(database.sql, async ({ sql, commitWith }) => {
      const [[first]] = await Promise.all([sql`SELECT txid_current()::text AS id`])
      await sql`INSERT INTO notes VALUES (1)`
      const [last] = await commitWith(sql`SELECT txid_current()::text AS id`)
      return [first?.id, last?.id]
    })
    expect(ids[0]).toBeDefined()
    expect(ids[1]).toBe(ids[0])
    expect(await count()).toBe(1)
  })

  test('returning without a commit rolls back', async () => {
    const result = await pipelinedTransaction(database.sql, async ({ sql }) => {
      await sql`INSERT INTO notes VALUES (2)`
      return null
    })
    expect(result).toBeNull()
    expect(await count()).toBe(1)
  })

  test('a failed statement rolls back, and no connection goes back mid-transaction', async () => {
    const failing = pipelinedTransaction(database.sql, async ({ sql, commitWith }) => {
      await sql`INSERT INTO notes VALUES (3)`
      return commitWith(sql`INSERT INTO notes VALUES (1)`) // duplicate key
    })
    await expect(failing).rejects.toThrow(/duplicate key/)
    expect(await count()).toBe(1)
    // Every pooled connection answers outside any transaction.
    const states = await Promise.all(
      Array.from({ length: 10 }, () => database.sql`SELECT txid_current_if_assigned() AS id`),
    )
    for (const [row] of states) expect(row?.id).toBeNull()
  })
})
