import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { EMAIL_QUEUE, type EmailDataOf, SendEmailJob } from '@assess/core'
import { queueEmail, schema } from '@assess/db'
import { createTestDatabase, testRunId, waitUntil } from '@assess/db/testing'
import { createProducerConnection } from '@assess/queues'
import { Queue } from 'bullmq'
import Redis from 'ioredis'
import pino from 'pino'
import { emailOutboxPendingGauge, emailsTotal } from '../metrics.ts'
import { startSmtpSink } from '../test/smtp-sink.ts'
import { startEmailWorker } from './email-worker.ts'
import { startUnsentEmailWatch } from './unsent-email-watch.ts'

// Real SMTP, Postgres and Redis on a busy machine: every wait ends when its condition holds.
setDefaultTimeout(60_000)

type Database = Awaited<ReturnType<typeof createTestDatabase>>
type Sink = Awaited<ReturnType<typeof startSmtpSink>>
let database: Database
let sink: Sink
let connection: Redis
let producerConnection: Redis
let queue: Queue
let orgId: string
let email: Awaited<ReturnType<typeof startEmailWorker>> | null = null
const prefix = `assess_test_${testRunId}_email`
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })

const start = (relayEveryMs = 300, pauseAfterRunMs = 200) =>
  startEmailWorker({
    db: database.db,
    sql: database.sql,
    connection,
    producerConnection,
    prefix,
    smtpUrl: sink.url,
    from: 'assess <no-reply@assess.test>',
    relayEveryMs,
    now: () => new Date(),
    logger,
    // Retries within milliseconds instead of the contract's 5 s doubling, and runs of attempts
    // a moment apart instead of 15 minutes.
    retryDelayMs: 10,
    pauseAfterRunMs: () => pauseAfterRunMs,
  })

beforeAll(async () => {
  database = await createTestDatabase()
  sink = await startSmtpSink()
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  producerConnection = createProducerConnection(redisUrl)
  queue = new Queue(EMAIL_QUEUE, { connection, prefix })
  const [org] = await database.db.insert(schema.organizations).values({ name: 'Acme' }).returning()
  if (!org) throw new Error('no org')
  orgId = org.id
  email = await start()
})

afterAll(async () => {
  await email?.close()
  await queue.obliterate({ force: true }).catch(() => {})
  await queue.close()
  connection.disconnect()
  producerConnection.disconnect()
  await sink.close()
  await database.close()
})

let seq = 0
const invitationData = (
  overrides: Partial<EmailDataOf<'candidate_invitation'>> = {},
): EmailDataOf<'candidate_invitation'> => ({
  candidate_name: 'Ada Lovelace',
  org_name: 'Acme',
  assessment_title: 'Backend basics',
  duration_minutes: 45,
  extra_time_percent: 0,
  expires_at: '2031-03-04T15:30:00.000Z',
  link: 'https://assess.test/invite/tok-123',
  ...overrides,
})
const memberInvitationData = (): EmailDataOf<'member_invitation'> => ({
  name: 'Mo',
  org_name: 'Acme',
  role: 'recruiter',
  invited_by: 'Ada',
  expires_at: '2031-03-04T15:30:00.000Z',
  link: 'https://assess.test/join/abc',
})
const outboxRow = async (id: string) =>
  (await database.sql`SELECT * FROM email_outbox WHERE id = ${id}`)[0]
const settled = (id: string) =>
  waitUntil(`outbox row ${id} settled`, async () => {
    const row = await outboxRow(id)
    return row && row.status !== 'pending' ? row : undefined
  })
/**
 * The row's job once BullMQ has finished it: the row is written by the processor, before the
 * job is moved (a copy of the job read in between still counts one attempt fewer).
 */
async function finishedJob(id: string, state: 'completed' | 'failed') {
  const jobId = SendEmailJob.jobId(id)
  // The state first, the job after: the move is atomic in Redis, a copy read before it is not.
  await waitUntil(
    `the job of ${id} ${state}`,
    async () => (await queue.getJobState(jobId)) === state,
  )
  const job = await queue.getJob(jobId)
  if (!job) throw new Error(`job ${jobId} is gone`)
  return job
}
const counter = async (outcome: string) =>
  (await emailsTotal.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0
const address = () => `cand-${++seq}@example.test`

describe('the email worker with a real SMTP server', () => {
  test('an outbox row is sent once, marked sent, and its data (the link) cleared', async () => {
    const to = address()
    const sentBefore = await counter('sent')
    const { id } = await queueEmail(database.db, {
      orgId,
      kind: 'candidate_invitation',
      to,
      data: invitationData({ extra_time_percent: 20 }),
    })
    const row = await settled(id)
    expect(row.status).toBe('sent')
    expect(row.data).toBeNull()
    expect(row.sent_at).not.toBeNull()
    expect(row.attempts).toBe(1)
    expect(row.last_error).toBeNull()
    const [message, ...more] = sink.to(to)
    expect(more).toHaveLength(0)
    expect(message?.subject).toBe('Your invitation: Backend basics (Acme)')
    expect(message?.raw).toContain('no-reply@assess.test')
    expect(message?.text).toContain('Hello Ada Lovelace,')
    expect(message?.text).toContain('Duration: 54 minutes (45 plus your extra time)')
    expect(message?.text).toContain('Extra time: +20%')
    expect(message?.text).toContain('Link valid until: Tue 4 March 2031, 15:30 UTC')
    expect(message?.text).toContain('https://assess.test/invite/tok-123')
    expect(message?.html).toContain('<a href="https://assess.test/invite/tok-123"')
    expect(await counter('sent')).toBe(sentBefore + 1)
  })

  test('a server that answers 451 twice gets the email on the third attempt, once', async () => {
    const to = address()
    const retryingBefore = await counter('retrying')
    sink.control.deferred = 0
    sink.control.deferNext = 2
    const { id } = await queueEmail(database.db, {
      orgId,
      kind: 'candidate_invitation',
      to,
      data: invitationData({ duration_minutes: null }),
    })
    const row = await settled(id)
    expect(sink.control.deferred).toBe(2)
    expect(row.status).toBe('sent')
    expect(row.attempts).toBe(3)
    expect(await counter('retrying')).toBe(retryingBefore + 2)
    // Three attempts, one email: a deferred attempt delivered nothing.
    expect(sink.to(to)).toHaveLength(1)
    expect(sink.to(to)[0]?.text).toContain('Duration: no time limit')
    expect((await finishedJob(id, 'completed')).attemptsMade).toBe(3)
  })

  test('an invitation whose link expired while the email waited is cancelled, not sent', async () => {
    const to = address()
    const cancelledBefore = await counter('cancelled')
    const { id } = await queueEmail(database.db, {
      orgId,
      kind: 'candidate_invitation',
      to,
      data: invitationData({ expires_at: new Date(Date.now() - 1000).toISOString() }),
    })
    const row = await settled(id)
    expect(row.status).toBe('cancelled')
    expect(row.data).toBeNull()
    expect(row.last_error).toContain('expired')
    expect(row.attempts).toBe(0)
    expect(sink.to(to)).toHaveLength(0)
    expect(await counter('cancelled')).toBe(cancelledBefore + 1)
  })

  test('revoked while the SMTP server was taking it: the email went out, so the row says sent', async () => {
    const to = address()
    sink.control.beforeAccept = async (message) => {
      if (!message.to.includes(to)) return
      // What revoking the invitation does to its email (migration 0008's trigger), mid-send.
      await database.sql`UPDATE email_outbox SET status = 'cancelled', data = NULL,
        last_error = 'its invitation was revoked' WHERE to_address = ${to} AND status = 'pending'`
    }
    try {
      const { id } = await queueEmail(database.db, {
        orgId,
        kind: 'candidate_invitation',
        to,
        data: invitationData(),
      })
      await finishedJob(id, 'completed')
      const row = await outboxRow(id)
      expect(row?.status).toBe('sent')
      expect(row?.data).toBeNull()
      expect(row?.attempts).toBe(1)
      expect(row?.last_error).toBe('sent as it was cancelled: its invitation was revoked')
      expect(sink.to(to)).toHaveLength(1)
    } finally {
      sink.control.beforeAccept = null
    }
  })

  test('a row whose notification nobody heard is sent by the periodic pass', async () => {
    const to = address()
    // Triggers off for this insert: no pg_notify, as when the relay was not listening, or Redis
    // was down when it heard it.
    const [row] = await database.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`
      return tx`INSERT INTO email_outbox (org_id, kind, to_address, data)
        VALUES (${orgId}, 'candidate_invitation', ${to}, ${JSON.stringify(invitationData())}::jsonb)
        RETURNING id`
    })
    expect(await queue.getJob(SendEmailJob.jobId(row?.id))).toBeUndefined()
    const sent = await settled(row?.id)
    expect(sent.status).toBe('sent')
    expect(sink.to(to)).toHaveLength(1)
  })

  test('a row written while the worker was stopped is sent when it starts again', async () => {
    await email?.close()
    email = null
    const to = address()
    const { id } = await queueEmail(database.db, {
      orgId,
      kind: 'candidate_invitation',
      to,
      data: invitationData(),
    })
    expect(await queue.getJob(SendEmailJob.jobId(id))).toBeUndefined()
    // A period far beyond the test's wait: the pass when LISTEN starts is what sends it.
    email = await start(600_000)
    expect((await settled(id)).status).toBe('sent')
    expect(sink.to(to)).toHaveLength(1)
    await email.close()
    email = await start()
  })

  test('every value is HTML-escaped, and a line break cannot add a header', async () => {
    const to = address()
    const { id } = await queueEmail(database.db, {
      orgId,
      kind: 'candidate_invitation',
      to,
      data: invitationData({
        candidate_name: '<script>alert("pwned")</script>',
        org_name: 'Tom & Jerry\'s "Ltd"',
        assessment_title: 'Quiz <b>bold</b>\r\nBcc: evil@example.test',
      }),
    })
    expect((await settled(id)).status).toBe('sent')
    const [message] = sink.to(to)
    expect(message?.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;')
    expect(message?.html).toContain('Tom &amp; Jerry&#39;s &quot;Ltd&quot;')
    expect(message?.html).toContain('Quiz &lt;b&gt;bold&lt;/b&gt;')
    expect(message?.html).not.toContain('<script')
    expect(message?.html).not.toContain('<b>')
    // The plain-text part is plain text: the name as given.
    expect(message?.text).toContain('Hello <script>alert("pwned")</script>,')
    expect(message?.subject).toBe(
      'Your invitation: Quiz <b>bold</b> Bcc: evil@example.test (Tom & Jerry\'s "Ltd")',
    )
    const headers = message?.raw.split('\r\n\r\n')[0]
    expect(headers).not.toMatch(/^bcc:/im)
    expect(sink.to('evil@example.test')).toHaveLength(0)
  })

  test('a recipient refused with 550 is failed at once, not retried, its data cleared', async () => {
    const to = address()
    sink.control.refuse.add(to)
    const failedBefore = await counter('failed')
    const { id } = await queueEmail(database.db, {
      orgId,
      kind: 'results_ready',
      to,
      data: {
        recruiter_name: 'Rita',
        candidate_name: null,
        candidate_email: 'c@example.test',
        assessment_title: 'Backend basics',
        percentage: 72.5,
        recommendation: 'hire',
        report_url: 'https://assess.test/results/x',
      },
    })
    const row = await settled(id)
    expect(row.status).toBe('failed')
    expect(row.attempts).toBe(1)
    expect(row.data).toBeNull()
    expect(row.last_error).toContain('550')
    expect((await finishedJob(id, 'failed')).attemptsMade).toBe(1)
    expect(await counter('failed')).toBe(failedBefore + 1)
    expect(sink.to(to)).toHaveLength(0)
  })

  test('data no template accepts (a javascript: link, a missing field) fails for good without sending', async () => {
    const bad = [
      { kind: 'candidate_invitation', data: invitationData({ link: 'javascript:alert(1)' }) },
      { kind: 'member_invitation', data: { name: 'Mo' } },
      { kind: 'no_such_kind', data: {} },
    ]
    for (const { kind, data } of bad) {
      const to = address()
      const [row] = await database.sql`INSERT INTO email_outbox (org_id, kind, to_address, data)
        VALUES (${orgId}, ${kind}, ${to}, ${JSON.stringify(data)}::jsonb) RETURNING id`
      const settledRow = await settled(row?.id)
      expect(settledRow.status).toBe('failed')
      expect(settledRow.attempts).toBe(1)
      expect(settledRow.data).toBeNull()
      expect(settledRow.last_error).toStartWith('cannot render')
      expect(sink.to(to)).toHaveLength(0)
    }
  })

  test("an outage longer than a job's attempts: the row stays pending and is sent when the server is back", async () => {
    const to = address()
    const attempts = SendEmailJob.options.attempts
    sink.control.deferred = 0
    sink.control.deferNext = attempts + 2
    const { id } = await queueEmail(database.db, {
      orgId,
      kind: 'member_invitation',
      to,
      data: memberInvitationData(),
    })
    const row = await settled(id)
    expect(sink.control.deferred).toBe(attempts + 2)
    expect(row.status).toBe('sent')
    expect(row.attempts).toBe(attempts + 3)
    expect(sink.to(to)).toHaveLength(1)
  })

  test('after a run of failed attempts the row waits out its pause before the relay queues it again', async () => {
    await email?.close()
    email = await start(300, 3_600_000)
    let id = ''
    try {
      const to = address()
      const attempts = SendEmailJob.options.attempts
      sink.control.deferNext = attempts
      ;({ id } = await queueEmail(database.db, {
        orgId,
        kind: 'member_invitation',
        to,
        data: memberInvitationData(),
      }))
      const row = await waitUntil('the first run to end', async () => {
        const r = await outboxRow(id)
        return r?.attempts === attempts ? r : undefined
      })
      expect(row.status).toBe('pending')
      const pauseMs = Date.parse(row.next_attempt_at) - Date.parse(row.updated_at)
      expect(pauseMs).toBeGreaterThan(3_500_000)
      // Passes during the pause leave it alone.
      await email.relay.flush()
      await email.relay.flush()
      expect((await outboxRow(id))?.attempts).toBe(attempts)
      expect(sink.to(to)).toHaveLength(0)
    } finally {
      // Out of the way of the tests after it, which wait for the outbox to drain.
      await database.sql`UPDATE email_outbox SET status = 'failed' WHERE id = ${id}`
      sink.control.deferNext = 0
      await email.close()
      email = await start()
    }
  })

  test("still failing a day after it was written: failed after the job's attempts, data cleared", async () => {
    const to = address()
    const attempts = SendEmailJob.options.attempts
    sink.control.deferNext = attempts
    const [written] =
      await database.sql`INSERT INTO email_outbox (org_id, kind, to_address, data, created_at)
      VALUES (${orgId}, 'member_invitation', ${to}, ${JSON.stringify(memberInvitationData())}::jsonb,
              now() - interval '25 hours')
      RETURNING id`
    const row = await settled(written?.id)
    sink.control.deferNext = 0
    expect(row.status).toBe('failed')
    expect(row.attempts).toBe(attempts)
    expect(row.data).toBeNull()
    expect(row.last_error).toContain('451')
    expect(sink.to(to)).toHaveLength(0)
    // The relay does not bring a failed row back.
    await email?.relay.flush()
    expect((await outboxRow(written?.id))?.status).toBe('failed')
  })
})

describe('a worker without SMTP_URL', () => {
  test('reports emails left waiting: the gauge, and a warning once they have waited 5 minutes', async () => {
    await email?.close()
    email = null
    const warnings: { pending: number; msg: string }[] = []
    const recording = pino(
      { level: 'warn' },
      { write: (line: string) => void warnings.push(JSON.parse(line)) },
    )
    const { id } = await queueEmail(database.db, {
      orgId,
      kind: 'candidate_invitation',
      to: address(),
      data: invitationData(),
    })
    const [pending] =
      await database.sql`SELECT count(*)::int AS n FROM email_outbox WHERE status = 'pending'`
    const count = Number(pending?.n)
    expect(count).toBeGreaterThan(0)
    // A period longer than the test: each start's own check is what reports.
    const watch = () =>
      startUnsentEmailWatch({ db: database.db, everyMs: 600_000, logger: recording })
    const fresh = await watch()
    await fresh.close()
    // Just written: another worker may be sending it, so no warning yet; the gauge counts it.
    expect(warnings).toHaveLength(0)
    expect((await emailOutboxPendingGauge().get()).values[0]?.value).toBe(count)
    await database.sql`UPDATE email_outbox SET created_at = now() - interval '10 minutes'
      WHERE id = ${id}`
    const stale = await watch()
    await stale.close()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.pending).toBe(count)
    expect(warnings[0]?.msg).toContain('SMTP_URL')
    // Started again, the worker with SMTP sends what waited.
    email = await start()
    await waitUntil('outbox drained', async () => {
      const [row] =
        await database.sql`SELECT count(*)::int AS n FROM email_outbox WHERE status = 'pending'`
      return row?.n === 0 ? true : undefined
    })
  })
})
