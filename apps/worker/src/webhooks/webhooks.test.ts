import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { ConflictError, WEBHOOK_QUEUE } from '@assess/core'
import {
  createWebhook,
  type Database,
  DISABLED_BY_GONE,
  pingWebhook,
  recordWebhookAttempt,
  redeliverWebhook,
  schema,
  updateWebhook,
} from '@assess/db'
import { createTestDatabase, testRunId, waitUntil } from '@assess/db/testing'
import { createWebhookProducer } from '@assess/queues'
import { type Lookup, newWebhookSecret } from '@assess/webhooks'
import { Queue } from 'bullmq'
import type { Server } from 'bun'
import Redis from 'ioredis'
import pino from 'pino'
import { Webhook } from 'standardwebhooks'
import { webhookDeliveriesTotal } from '../metrics.ts'
import { startWebhookRelay } from './relay.ts'
import { startWebhookWorker } from './webhook-worker.ts'

// Real deliveries over HTTP with retries a second apart, on a busy 2-core machine.
setDefaultTimeout(60_000)

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const PUBLIC_URL = 'https://assess.example'
const RETRY_DELAYS = [1, 1, 1] // WEBHOOK_RETRY_DELAYS=1,1,1: four attempts in all
const TIMEOUT_MS = 2000
let count = 0

/**
 * The webhook worker as main.ts starts it (relay + `webhooks` consumer) on a cloned database and
 * a Redis prefix of its own, with an organization and its admin to own endpoints.
 */
async function startDelivery(options: { allowPrivateNetworks: boolean; lookup?: Lookup }) {
  const database = await createTestDatabase()
  const prefix = `assess_test_${testRunId}_webhooks_${++count}`
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null })
  const worker = await startWebhookWorker({
    db: database.db,
    sql: database.sql,
    connection,
    prefix,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    retryDelaysSeconds: RETRY_DELAYS,
    allowPrivateNetworks: options.allowPrivateNetworks,
    publicUrl: PUBLIC_URL,
    timeoutMs: TIMEOUT_MS,
    relayEveryMs: 200,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  })
  const [org] = await database.db
    .insert(schema.organizations)
    .values({ name: 'Hooks Inc' })
    .returning()
  const [user] = await database.db
    .insert(schema.users)
    .values({
      orgId: org?.id ?? '',
      email: `admin-${prefix}@example.test`,
      name: 'Ada',
      role: 'admin',
    })
    .returning()
  if (!org || !user) throw new Error('no fixture')
  const queue = new Queue(WEBHOOK_QUEUE, { connection, prefix })
  return {
    db: database.db,
    sql: database.sql,
    actor: { userId: user.id, orgId: org.id },
    connection,
    prefix,
    queue,
    async close() {
      await worker.close()
      await queue.close()
      const keys = await connection.keys(`${prefix}*`)
      if (keys.length) await connection.del(...keys)
      connection.disconnect()
      await database.close()
    },
  }
}
type Delivery = Awaited<ReturnType<typeof startDelivery>>

interface Received {
  headers: Record<string, string>
  body: string
  /** What standardwebhooks' verify returned, or the error it threw. */
  verified: unknown
  at: number
}

/**
 * One receiver for every scenario, by path: each verifies every request with the
 * `standardwebhooks` library and the endpoint's secret, then answers as the scenario says.
 */
const scenarios = new Map<
  string,
  { secret: string; requests: Received[]; respond: (n: number) => Response | Promise<Response> }
>()
let receiver: Server<undefined>
let delivery: Delivery
beforeAll(async () => {
  receiver = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const scenario = scenarios.get(new URL(req.url).pathname)
      if (!scenario) return new Response('no such scenario', { status: 404 })
      const body = await req.text()
      const headers = Object.fromEntries(req.headers)
      let verified: unknown
      try {
        verified = new Webhook(scenario.secret).verify(body, headers)
      } catch (err) {
        verified = err
      }
      scenario.requests.push({ headers, body, verified, at: Date.now() })
      return scenario.respond(scenario.requests.length)
    },
  })
  delivery = await startDelivery({ allowPrivateNetworks: true })
})
afterAll(async () => {
  await delivery?.close()
  receiver?.stop(true)
})

/** An endpoint at the receiver's `path`, answering with `respond(n)` to its n-th request. */
async function endpoint(
  d: Delivery,
  path: string,
  respond: (n: number) => Response | Promise<Response>,
  events = ['session.completed'],
) {
  const secret = newWebhookSecret()
  const requests: Received[] = []
  scenarios.set(path, { secret, requests, respond })
  const webhook = await createWebhook(d.db, d.actor, {
    url: `http://127.0.0.1:${receiver.port}${path}`,
    events,
    secret,
  })
  return { webhook, secret, requests }
}

const deliveryRow = async (db: Database, id: string) => {
  const [row] = await db.query.webhookDeliveries.findMany({
    where: (d, { eq }) => eq(d.id, id),
  })
  return row
}
const attemptsOf = (db: Database, deliveryId: string) =>
  db.query.webhookAttempts.findMany({
    where: (a, { eq }) => eq(a.deliveryId, deliveryId),
    orderBy: (a, { asc }) => [asc(a.attempt)],
  })
const finished = (db: Database, id: string) =>
  waitUntil(`delivery ${id} to finish`, async () => {
    const row = await deliveryRow(db, id)
    return row && row.status !== 'pending' ? row : undefined
  })
const counted = async (outcome: string) =>
  (await webhookDeliveriesTotal.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0

describe('webhook delivery', () => {
  test('a receiver verifying with standardwebhooks fails the first two deliveries and gets the retries', async () => {
    const before = { retrying: await counted('retrying'), succeeded: await counted('succeeded') }
    const { webhook, requests } = await endpoint(delivery, '/flaky', (n) =>
      n <= 2 ? new Response('try later', { status: 500 }) : new Response('ok'),
    )
    const ping = await pingWebhook(delivery.db, delivery.actor, {
      webhookId: webhook.id,
      now: new Date(),
    })
    const done = await finished(delivery.db, ping.id)
    expect(done).toMatchObject({ status: 'succeeded', attempts: 3, nextAttemptAt: null })
    expect(requests.length).toBe(3)
    for (const r of requests) {
      expect(r.verified).toEqual({
        type: 'ping',
        timestamp: ping.payload && (ping.payload as { timestamp: string }).timestamp,
        data: { webhook_id: webhook.id },
      })
      expect(r.headers['webhook-id']).toBe(ping.messageId)
      expect(r.headers['content-type']).toBe('application/json')
    }
    // The same message each time (same id and body), retried on the schedule (1 s apart here).
    expect(new Set(requests.map((r) => r.body)).size).toBe(1)
    expect((requests[1]?.at ?? 0) - (requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(900)
    expect((requests[2]?.at ?? 0) - (requests[1]?.at ?? 0)).toBeGreaterThanOrEqual(900)
    const attempts = await attemptsOf(delivery.db, ping.id)
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, null],
      [2, 500, null],
      [3, 200, null],
    ])
    expect(attempts[0]?.responseExcerpt).toBe('try later')
    expect(await counted('retrying')).toBe(before.retrying + 2)
    expect(await counted('succeeded')).toBe(before.succeeded + 1)
  })

  test('a receiver that always fails: failed after the configured attempts (1 + 3 retries)', async () => {
    const { webhook, requests } = await endpoint(
      delivery,
      '/down',
      () => new Response('down', { status: 503 }),
    )
    const ping = await pingWebhook(delivery.db, delivery.actor, {
      webhookId: webhook.id,
      now: new Date(),
    })
    const done = await finished(delivery.db, ping.id)
    expect(done).toMatchObject({ status: 'failed', attempts: 4, nextAttemptAt: null })
    expect(done?.completedAt).toBeInstanceOf(Date)
    expect(requests.length).toBe(4)
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([ping.messageId]))
    const attempts = await attemptsOf(delivery.db, ping.id)
    expect(attempts.map((a) => a.statusCode)).toEqual([503, 503, 503, 503])
    // The endpoint stays on: only a 410 turns it off.
    const [row] = await delivery.sql`SELECT active FROM webhooks WHERE id = ${webhook.id}`
    expect(row?.active).toBe(true)
  })

  test('an endpoint answering 410 Gone is turned off and its delivery failed at once', async () => {
    const { webhook, requests } = await endpoint(
      delivery,
      '/gone',
      () => new Response('gone', { status: 410 }),
    )
    const ping = await pingWebhook(delivery.db, delivery.actor, {
      webhookId: webhook.id,
      now: new Date(),
    })
    const done = await finished(delivery.db, ping.id)
    expect(done).toMatchObject({ status: 'failed', attempts: 1 })
    expect(requests.length).toBe(1)
    const [row] = await delivery.sql`
      SELECT active, disabled_reason FROM webhooks WHERE id = ${webhook.id}`
    expect(row).toEqual({ active: false, disabled_reason: DISABLED_BY_GONE })
    await expect(
      pingWebhook(delivery.db, delivery.actor, { webhookId: webhook.id, now: new Date() }),
    ).rejects.toBeInstanceOf(ConflictError)
  })

  test('a slow receiver: the attempt times out and is recorded as an error', async () => {
    const { webhook } = await endpoint(delivery, '/slow', async () => {
      await Bun.sleep(TIMEOUT_MS * 5)
      return new Response('too late')
    })
    const ping = await pingWebhook(delivery.db, delivery.actor, {
      webhookId: webhook.id,
      now: new Date(),
    })
    const [first] = await waitUntil('the first attempt', async () => {
      const attempts = await attemptsOf(delivery.db, ping.id)
      return attempts.length ? attempts : undefined
    })
    expect(first).toMatchObject({
      attempt: 1,
      statusCode: null,
      error: `timed out after ${TIMEOUT_MS} ms`,
    })
    expect(first?.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 100)
    expect((await deliveryRow(delivery.db, ping.id))?.status).toBe('pending')
    // No more attempts: deleting the endpoint drops its deliveries.
    await delivery.sql`DELETE FROM webhooks WHERE id = ${webhook.id}`
  })

  test('an endpoint turned off while its delivery waits for a retry: the delivery fails', async () => {
    const { webhook, requests } = await endpoint(
      delivery,
      '/switched-off',
      () => new Response('no', { status: 500 }),
    )
    const ping = await pingWebhook(delivery.db, delivery.actor, {
      webhookId: webhook.id,
      now: new Date(),
    })
    await waitUntil(
      'the first attempt',
      async () => (await deliveryRow(delivery.db, ping.id))?.attempts === 1,
    )
    await updateWebhook(delivery.db, delivery.actor, { webhookId: webhook.id, active: false })
    const done = await finished(delivery.db, ping.id)
    expect(done).toMatchObject({ status: 'failed', attempts: 2 })
    expect(requests.length).toBe(1)
    const attempts = await attemptsOf(delivery.db, ping.id)
    expect(attempts[1]).toMatchObject({ statusCode: null, error: 'the endpoint is turned off' })
  })

  test('an event written without a notification is still sent (the periodic pass); report_url is added, and a redelivery sends the same body under the same id', async () => {
    const { webhook, requests } = await endpoint(
      delivery,
      '/summaries',
      () => new Response(null, { status: 204 }),
      ['session.summarized'],
    )
    const sessionId = crypto.randomUUID()
    const payload = {
      type: 'session.summarized',
      timestamp: '2030-01-02T03:04:05.678Z',
      data: { session_id: sessionId, percentage: 75, report_path: `/results/${sessionId}` },
    }
    const [row] = await delivery.db
      .insert(schema.webhookDeliveries)
      .values({
        webhookId: webhook.id,
        orgId: delivery.actor.orgId,
        messageId: 'msg_0123456789abcdef0123456789abcdef',
        eventType: 'session.summarized',
        payload,
        nextAttemptAt: new Date(),
      })
      .returning()
    if (!row) throw new Error('no delivery')
    expect((await finished(delivery.db, row.id))?.status).toBe('succeeded')
    const sent = JSON.parse(requests[0]?.body ?? '{}')
    expect(sent).toEqual({
      ...payload,
      data: { ...payload.data, report_url: `${PUBLIC_URL}/results/${sessionId}` },
    })
    expect(Object.keys(sent)).toEqual(['type', 'timestamp', 'data'])

    const again = await redeliverWebhook(delivery.db, delivery.actor, {
      webhookId: webhook.id,
      deliveryId: row.id,
    })
    expect((await finished(delivery.db, again.id))?.status).toBe('succeeded')
    expect(requests.length).toBe(2)
    expect(requests[1]?.headers['webhook-id']).toBe(row.messageId)
    expect(requests[1]?.body).toBe(requests[0]?.body ?? '')
    expect(requests[1]?.verified).toEqual(sent)
  })

  test('a job that is not the delivery’s next attempt sends nothing', async () => {
    const { webhook, requests } = await endpoint(delivery, '/once', () => new Response('ok'))
    const ping = await pingWebhook(delivery.db, delivery.actor, {
      webhookId: webhook.id,
      now: new Date(),
    })
    await finished(delivery.db, ping.id)
    // The relay queuing attempt 1 again, and an attempt from nowhere.
    const producer = createWebhookProducer({
      connection: delivery.connection,
      prefix: delivery.prefix,
      logger: { warn: () => {} },
    })
    try {
      await producer.enqueueAttempts([
        { deliveryId: ping.id, attempt: 1, delayMs: 0 },
        { deliveryId: ping.id, attempt: 7, delayMs: 0 },
      ])
      for (const attempt of [1, 7]) {
        const job = await waitUntil('the job to run', async () => {
          const j = await delivery.queue.getJob(`webhook-${ping.id}-${attempt}`)
          return j && (await j.isCompleted()) ? j : undefined
        })
        expect(job.returnvalue).toMatchObject({ outcome: 'skipped' })
      }
    } finally {
      await producer.close()
    }
    expect(requests.length).toBe(1)
    expect((await attemptsOf(delivery.db, ping.id)).length).toBe(1)
  })

  test('two records of the same attempt: the database keeps one', async () => {
    const { webhook } = await endpoint(delivery, '/race', () => new Response('ok'))
    // Not due for an hour: the worker leaves it alone.
    const [row] = await delivery.db
      .insert(schema.webhookDeliveries)
      .values({
        webhookId: webhook.id,
        orgId: delivery.actor.orgId,
        messageId: 'msg_race',
        eventType: 'ping',
        payload: { type: 'ping', timestamp: new Date().toISOString(), data: {} },
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      })
      .returning()
    if (!row) throw new Error('no delivery')
    const record = (statusCode: number) =>
      recordWebhookAttempt(delivery.db, {
        deliveryId: row.id,
        attempt: 1,
        result: { ok: false, statusCode, durationMs: 5, error: null, responseExcerpt: null },
        retryDelaysSeconds: RETRY_DELAYS,
      })
    const outcomes = await Promise.all([record(500), record(502)])
    expect(outcomes.map((o) => o.outcome).toSorted()).toEqual(['retrying', 'stale'])
    const attempts = await attemptsOf(delivery.db, row.id)
    expect(attempts.length).toBe(1)
    expect((await deliveryRow(delivery.db, row.id))?.attempts).toBe(1)
    await delivery.sql`DELETE FROM webhooks WHERE id = ${webhook.id}`
  })
})

describe('an attempt whose answer cannot be stored', () => {
  test('still counts: recorded without the excerpt, so the request is not sent again', async () => {
    const { webhook, requests } = await endpoint(
      delivery,
      '/unstorable',
      () => new Response('unstorable answer', { status: 200 }),
    )
    // The database refuses this excerpt, as it did a NUL byte before that was fixed.
    await delivery.sql.unsafe(`
      CREATE FUNCTION refuse_excerpt() RETURNS trigger AS $$
      BEGIN
        IF NEW.response_excerpt = 'unstorable answer' THEN RAISE EXCEPTION 'cannot store this'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse_excerpt BEFORE INSERT ON webhook_attempts
        FOR EACH ROW EXECUTE FUNCTION refuse_excerpt();`)
    try {
      const ping = await pingWebhook(delivery.db, delivery.actor, {
        webhookId: webhook.id,
        now: new Date(),
      })
      expect((await finished(delivery.db, ping.id))?.status).toBe('succeeded')
      const [attempt, ...more] = await attemptsOf(delivery.db, ping.id)
      expect(more).toHaveLength(0)
      expect(attempt?.statusCode).toBe(200)
      expect(attempt?.responseExcerpt).toBeNull()
      expect(attempt?.error).toContain('the response could not be recorded: cannot store this')
      expect(requests.length).toBe(1)
    } finally {
      await delivery.sql.unsafe(
        'DROP TRIGGER refuse_excerpt ON webhook_attempts; DROP FUNCTION refuse_excerpt()',
      )
    }
  })
})

describe('the relay with a backlog', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let connection: Redis
  let queue: Queue
  let producer: ReturnType<typeof createWebhookProducer>
  let relay: Awaited<ReturnType<typeof startWebhookRelay>>
  /** Every attempt the relay handed to the queue, in order. */
  const handed: string[] = []
  const prefix = `assess_test_${testRunId}_webhook_relay`
  beforeAll(async () => {
    database = await createTestDatabase()
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null })
    queue = new Queue(WEBHOOK_QUEUE, { connection, prefix })
    producer = createWebhookProducer({ connection, prefix, logger: { warn: () => {} } })
    // The real producer, counted; no consumer, so the jobs stay in the queue.
    relay = await startWebhookRelay({
      db: database.db,
      sql: database.sql,
      producer: {
        enqueueAttempts: (due) => {
          handed.push(...due.map((d) => `${d.deliveryId}-${d.attempt}`))
          return producer.enqueueAttempts(due)
        },
      },
      everyMs: 600_000, // passes run when the test flushes
      overdueMs: 60_000,
      logger: pino({ level: 'silent' }),
    })
  })
  afterAll(async () => {
    await relay?.close()
    await producer?.close()
    await queue?.obliterate({ force: true }).catch(() => {})
    await queue?.close()
    connection?.disconnect()
    await database?.close()
  })

  test('1,200 due deliveries are queued once each; later passes hand over nothing again', async () => {
    const [org] =
      await database.sql`INSERT INTO organizations (name) VALUES ('Backlog') RETURNING id`
    const [hook] = await database.sql`INSERT INTO webhooks (org_id, url, secret, events)
      VALUES (${org?.id}, 'http://127.0.0.1:9/hook', ${newWebhookSecret()}, ARRAY['ping'])
      RETURNING id`
    // Written with triggers off: no notification, the passes below are the only ones.
    await database.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`
      await tx`INSERT INTO webhook_deliveries
          (webhook_id, org_id, message_id, event_type, payload, next_attempt_at)
        SELECT ${hook?.id}, ${org?.id}, 'msg_backlog_' || n, 'ping', '{}'::jsonb, now()
          FROM generate_series(1, 1200) AS n`
    })
    await relay.flush()
    expect(handed).toHaveLength(1200)
    expect(new Set(handed).size).toBe(1200)
    expect(await queue.getWaitingCount()).toBe(1200)
    const [marked] = await database.sql`SELECT count(*)::int AS n FROM webhook_deliveries
      WHERE queued_attempt = 1`
    expect(marked?.n).toBe(1200)

    await relay.flush()
    await relay.flush()
    expect(handed).toHaveLength(1200)

    // Three whose jobs were lost (Redis flushed, say) and that are long overdue: queued again.
    const lost = await database.sql`UPDATE webhook_deliveries
      SET next_attempt_at = now() - interval '10 minutes'
      WHERE id IN (SELECT id FROM webhook_deliveries ORDER BY message_id LIMIT 3)
      RETURNING id`
    for (const { id } of lost) await queue.remove(`webhook-${id}-1`)
    expect(await queue.getWaitingCount()).toBe(1197)
    await relay.flush()
    expect(handed).toHaveLength(1203)
    expect(await queue.getWaitingCount()).toBe(1200)

    // All overdue (a slow endpoint's backlog), one lost job far back: the overdue pages walk on,
    // one page a pass, and reach it; the jobs still waiting are left as they are.
    await database.sql`UPDATE webhook_deliveries
      SET next_attempt_at = now() - interval '1 hour' + (n * interval '1 second')
      FROM (SELECT id, row_number() OVER (ORDER BY message_id) AS n FROM webhook_deliveries) AS o
      WHERE o.id = webhook_deliveries.id`
    const [farBack] = await database.sql`SELECT id FROM webhook_deliveries
      ORDER BY next_attempt_at DESC LIMIT 1`
    await queue.remove(`webhook-${farBack?.id}-1`)
    for (let pass = 0; pass < 3; pass++) await relay.flush()
    expect(await queue.getJobState(`webhook-${farBack?.id}-1`)).toBe('waiting')
    expect(await queue.getWaitingCount()).toBe(1200)
  })
})

describe('the SSRF guard at delivery', () => {
  let strict: Delivery
  beforeAll(async () => {
    // As in production: no private networks. A name this resolver knows points inside.
    strict = await startDelivery({
      allowPrivateNetworks: false,
      lookup: async (host) =>
        host === 'hooks.partner.example' ? [{ address: '10.0.0.5', family: 4 }] : [],
    })
  })
  afterAll(() => strict?.close())

  test.each([
    [
      'a loopback address',
      (port: number) => `http://127.0.0.1:${port}/ssrf`,
      'loopback address (127.0.0.1)',
    ],
    ['localhost', (port: number) => `http://localhost:${port}/ssrf`, 'loopback address'],
    [
      'a name resolving to a private address',
      () => 'http://hooks.partner.example/ssrf',
      'private network address (10.0.0.5)',
    ],
  ])(
    'refuses %s after DNS: the attempt is recorded with the error, nothing is sent',
    async (_, url, reason) => {
      const requests: Received[] = []
      scenarios.set('/ssrf', {
        secret: newWebhookSecret(),
        requests,
        respond: () => new Response('ok'),
      })
      // Saved when it was allowed (or before its name moved): the worker checks again anyway.
      const webhook = await createWebhook(strict.db, strict.actor, {
        url: url(receiver.port ?? 0),
        events: ['session.started'],
        secret: newWebhookSecret(),
      })
      const ping = await pingWebhook(strict.db, strict.actor, {
        webhookId: webhook.id,
        now: new Date(),
      })
      const [first] = await waitUntil('the refused attempt', async () => {
        const attempts = await attemptsOf(strict.db, ping.id)
        return attempts.length ? attempts : undefined
      })
      expect(first).toMatchObject({ attempt: 1, statusCode: null, durationMs: 0 })
      expect(first?.error).toStartWith('refused: the URL must not point at')
      expect(first?.error).toContain(reason)
      expect(requests.length).toBe(0)
      await strict.sql`DELETE FROM webhooks WHERE id = ${webhook.id}`
    },
  )
})
