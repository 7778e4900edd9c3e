import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createTestDatabase } from '../../testing/index.ts'
import { pruneDeliveryLogs } from './prune-delivery-logs.ts'

let database: Awaited<ReturnType<typeof createTestDatabase>>
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.close())

test('finished emails and deliveries past the cutoff go (attempts with them); pending and recent stay', async () => {
  const { sql } = database
  const [org] = await sql`INSERT INTO organizations (name) VALUES ('Keep') RETURNING id`
  const [hook] = await sql`INSERT INTO webhooks (org_id, url, secret, events)
    VALUES (${org?.id}, 'https://hooks.example.test/h', 'whsec_x', ARRAY['ping']) RETURNING id`
  const email = async (name: string, status: string, age: string) =>
    sql`INSERT INTO email_outbox (org_id, kind, to_address, status, updated_at)
      VALUES (${org?.id}, 'results_ready', ${name}, ${status}, now() - ${age}::interval)`
  // updated_at is set by a trigger on UPDATE only: an INSERT keeps the value given.
  await email('old-sent', 'sent', '40 days')
  await email('old-cancelled', 'cancelled', '40 days')
  await email('old-pending', 'pending', '40 days')
  await email('new-failed', 'failed', '2 days')
  const delivery = async (name: string, status: string, age: string | null) => {
    const [row] = await sql`INSERT INTO webhook_deliveries
        (webhook_id, org_id, message_id, event_type, payload, status, completed_at)
      VALUES (${hook?.id}, ${org?.id}, ${name}, 'ping', '{}'::jsonb, ${status},
              ${age === null ? null : sql`now() - ${age}::interval`})
      RETURNING id`
    await sql`INSERT INTO webhook_attempts (delivery_id, attempt, duration_ms) VALUES (${row?.id}, 1, 5)`
  }
  await delivery('old-ok', 'succeeded', '40 days')
  await delivery('old-failed', 'failed', '31 days')
  await delivery('pending', 'pending', null)
  await delivery('new-ok', 'succeeded', '1 day')

  const pruned = await pruneDeliveryLogs(database.db, {
    olderThan: new Date(Date.now() - 30 * 86_400_000),
  })
  expect(pruned).toEqual({ emails: 2, webhookDeliveries: 2 })
  const emails = await sql`SELECT to_address FROM email_outbox ORDER BY to_address`
  expect(emails.map((r) => r.to_address)).toEqual(['new-failed', 'old-pending'])
  const deliveries = await sql`SELECT message_id FROM webhook_deliveries ORDER BY message_id`
  expect(deliveries.map((r) => r.message_id)).toEqual(['new-ok', 'pending'])
  const [attempts] = await sql`SELECT count(*)::int AS n FROM webhook_attempts`
  expect(attempts?.n).toBe(2)
})
