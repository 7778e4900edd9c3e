import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { regradeAnswers, saveSessionSummary, schema } from '@assess/db'
import { waitUntil } from '@assess/db/testing'
import { createProducerConnection } from '@assess/queues'
import Redis from 'ioredis'
import pino from 'pino'
import { finishedSession, goodAnswers } from '../test/fixtures.ts'
import { type SmtpSink, startSmtpSink } from '../test/smtp-sink.ts'
import { startTestWorkers } from '../test/workers.ts'
import { startEmailWorker } from './email-worker.ts'

// Real grading (sandbox children), queues and SMTP on a busy machine: waits end on conditions.
setDefaultTimeout(120_000)

const PUBLIC_URL = 'https://assess.example'
let t: Awaited<ReturnType<typeof startTestWorkers>>
let sink: SmtpSink
let connection: Redis
let producerConnection: Redis
let email: Awaited<ReturnType<typeof startEmailWorker>>

beforeAll(async () => {
  t = await startTestWorkers({}, { resultsEmail: { publicUrl: PUBLIC_URL } })
  sink = await startSmtpSink()
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  connection = new Redis(redisUrl, { maxRetriesPerRequest: null })
  producerConnection = createProducerConnection(redisUrl)
  email = await startEmailWorker({
    db: t.db,
    sql: t.sql,
    connection,
    producerConnection,
    prefix: t.prefix,
    smtpUrl: sink.url,
    from: 'assess <no-reply@assess.test>',
    relayEveryMs: 300,
    now: () => new Date(),
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  })
})
afterAll(async () => {
  await email.close()
  connection.disconnect()
  producerConnection.disconnect()
  await sink.close()
  await t.close()
})

let seq = 0
/** A finished session taken through an invitation by `inviter` (a recruiter of its org). */
async function invitedSession(inviter: { deactivated?: boolean } = {}) {
  const made = await finishedSession(t.db, goodAnswers)
  const { session } = made
  const [recruiter] = await t.db
    .insert(schema.users)
    .values({
      orgId: session.orgId,
      email: `rita-${++seq}@worker.test`,
      name: `Rita ${seq}`,
      role: 'recruiter',
      deactivatedAt: inviter.deactivated ? new Date() : null,
    })
    .returning()
  const [candidate] = await t.sql`SELECT * FROM users WHERE id = ${session.candidateId}`
  const [invitation] = await t.db
    .insert(schema.invitations)
    .values({
      orgId: session.orgId,
      assessmentId: session.assessmentId,
      candidateId: session.candidateId,
      email: candidate?.email,
      name: 'Ada <Lovelace>',
      tokenHash: `hash-${seq}-${Math.random()}`,
      expiresAt: new Date(Date.now() + 86_400_000),
      createdBy: recruiter?.id,
    })
    .returning()
  await t.sql`UPDATE test_sessions SET invitation_id = ${invitation?.id ?? ''}
    WHERE id = ${session.id}`
  return { ...made, recruiter: recruiter as NonNullable<typeof recruiter> }
}

const evaluated = (sessionId: string) =>
  waitUntil(`session ${sessionId} evaluated`, async () => {
    const [s] = await t.sql`SELECT * FROM test_sessions WHERE id = ${sessionId}`
    return s?.evaluation_status === 'done' ? s : undefined
  })
const resultsEmailsTo = (address: string) =>
  t.sql`SELECT * FROM email_outbox WHERE kind = 'results_ready' AND to_address = ${address}`

describe('"results ready" when the summary is written', () => {
  test('the recruiter who invited the candidate gets the email with the report link', async () => {
    const { session, answerIds, recruiter } = await invitedSession()
    await t.producers.enqueueGrading(answerIds)
    const summarized = await evaluated(session.id)
    const [message] = await waitUntil('the results email', () => {
      const got = sink.to(recruiter.email)
      return got.length > 0 ? got : undefined
    })
    expect(message?.subject).toContain('Results ready: Ada <Lovelace>')
    expect(message?.text).toContain(`Hello ${recruiter.name},`)
    expect(message?.text).toContain(`Score: ${Math.round(summarized.percentage * 10) / 10}%`)
    expect(message?.text).toMatch(/Recommendation: (Strong hire|Hire|Maybe|No hire)/)
    expect(message?.text).toContain(`${PUBLIC_URL}/results/${session.id}`)
    expect(message?.html).toContain('Ada &lt;Lovelace&gt;')
    const rows = await waitUntil('the row marked sent', async () => {
      const r = await resultsEmailsTo(recruiter.email)
      return r[0]?.status === 'sent' ? r : undefined
    })
    expect(rows).toHaveLength(1)
    expect(rows[0]?.data).toBeNull()
  })

  test('a regrade writes a new summary but sends no second email', async () => {
    const { session, answerIds, recruiter } = await invitedSession()
    await t.producers.enqueueGrading(answerIds)
    await evaluated(session.id)
    expect(await resultsEmailsTo(recruiter.email)).toHaveLength(1)
    await regradeAnswers(
      { db: t.db, now: () => new Date(), queue: t.producers },
      { userId: recruiter.id, orgId: session.orgId },
      { target: { sessionId: session.id }, reason: 'again' },
    )
    await waitUntil('the regrade summary', async () => {
      const jobs = await t.summaryQueue.getJobs(['completed'])
      return jobs.some((j) => j.data.session_id === session.id && j.data.revision === 1)
    })
    await evaluated(session.id)
    expect(await resultsEmailsTo(recruiter.email)).toHaveLength(1)
  })

  test('a deactivated inviter gets nothing; the summary is written all the same', async () => {
    const { session, answerIds, recruiter } = await invitedSession({ deactivated: true })
    await t.producers.enqueueGrading(answerIds)
    await evaluated(session.id)
    // The email would have been written in the summary's transaction: none now means none ever.
    expect(await resultsEmailsTo(recruiter.email)).toHaveLength(0)
  })

  test('without mail configured (notify null) the summary queues nothing', async () => {
    const { session, recruiter } = await invitedSession()
    await t.sql`UPDATE answers SET grading_status = 'graded', score = max_score
      WHERE session_id = ${session.id}`
    const saved = await saveSessionSummary(t.db, {
      sessionId: session.id,
      aiSummary: { summary: 'x', method: 'rules' },
      revision: 0,
      now: new Date(),
      notify: null,
    })
    expect(saved?.percentage).toBe(100)
    expect(await resultsEmailsTo(recruiter.email)).toHaveLength(0)
  })
})
