import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { PROCESS_START_MS, waitUntil } from '@assess/db/testing'
import type { Subprocess } from 'bun'
import { createPublishedAssessment, createStaff, oneMcq } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { type ReceivedEmail, type SmtpSink, startSmtpSink } from '../../test/smtp-sink.ts'

// The real worker process, real SMTP, Postgres and Redis on a busy machine: waits end on conditions.
setDefaultTimeout(120_000)

/**
 * Email end to end: this API (SMTP configured) queues in the invitation's transaction, the real
 * worker process (`start:worker`, SMTP_URL pointing at an SMTP server in this process) relays
 * and sends, and the link in the email is one the API accepts. Then "results ready" once the
 * worker has graded and summarized the candidate's attempt.
 */
const root = `${import.meta.dir}/../../../../..`
const PUBLIC_URL = 'http://assess.test' // the harness's publicUrl
let t: TestApp
let sink: SmtpSink
let worker: Subprocess

beforeAll(async () => {
  sink = await startSmtpSink()
  t = await createTestApp({ mail: { enabled: true } })
  worker = Bun.spawn(['setsid', 'bun', 'run', 'start:worker'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: t.databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: t.redisPrefix,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Assess Test <no-reply@assess.test>',
      PUBLIC_URL,
      EMAIL_RELAY_INTERVAL_MS: '500',
      SWEEP_INTERVAL_MS: '500',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdout: 'ignore',
    stderr: 'inherit',
  })
})

afterAll(async () => {
  worker?.kill('SIGTERM')
  await worker?.exited
  await t?.close()
  await sink?.close()
})

let seq = 0
const candidateEmail = () => `cand-${++seq}-${Date.now().toString(36)}@example.test`
const oneQuestion = oneMcq()

/** The one email to `address` (the first wait includes the worker process starting). */
const emailTo = (address: string, count = 1) =>
  waitUntil(
    `${count} email(s) to ${address}`,
    () => (sink.to(address).length >= count ? sink.to(address)[count - 1] : undefined),
    PROCESS_START_MS + 30_000,
    100,
  )
const linkTokenIn = (message: ReceivedEmail) =>
  new RegExp(`${PUBLIC_URL}/invite/([A-Za-z0-9_-]+)`).exec(message.text)?.[1] ?? ''
const months =
  'January February March April May June July August September October November December'
/** The expiry as the email spells it (UTC), e.g. "4 March 2031, 15:30 UTC". */
function spelled(iso: string) {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  const month = months.split(' ')[d.getUTCMonth()]
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`
}

describe('invitation emails, API to SMTP through the worker', () => {
  test('send_email: the candidate gets title, duration, extra time, expiry and a link the API accepts; re-inviting sends the new link', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor, {
      title: 'Backend <basics>',
      duration_minutes: 30,
      questions: [oneQuestion],
    })
    const to = candidateEmail()
    const invite = () =>
      t.request('POST', `/api/assessments/${assessment.id}/invitations`, {
        token: staff.token,
        body: { email: to, name: 'Ada', extra_time_percent: 10, send_email: true },
      })
    const first = await invite()
    expect(first.status).toBe(201)
    expect(first.body.email).toEqual({ status: 'queued' })
    const message = await emailTo(to)
    expect(message.subject).toBe(`Your invitation: Backend <basics> (${staff.organization.name})`)
    expect(message.text).toContain('Hello Ada,')
    expect(message.text).toContain('Duration: 33 minutes (30 plus your extra time)')
    expect(message.text).toContain('Extra time: +10%')
    expect(message.text).toContain(spelled(first.body.invitation.expires_at))
    expect(message.html).toContain('Backend &lt;basics&gt;')
    expect(message.raw).toContain('no-reply@assess.test')
    expect(linkTokenIn(message)).toBe(first.body.token)

    // Re-inviting revokes the first link and emails the new one.
    const second = await invite()
    expect(second.body.email).toEqual({ status: 'queued' })
    const again = await emailTo(to, 2)
    expect(linkTokenIn(again)).toBe(second.body.token)
    const old = await t.request('POST', `/api/invitations/${linkTokenIn(message)}/accept`)
    expect(old.status).toBe(410)
    const accepted = await t.request('POST', `/api/invitations/${linkTokenIn(again)}/accept`)
    expect(accepted.status).toBe(200)
    expect(accepted.body.assessment.title).toBe('Backend <basics>')

    // Sent: the outbox rows keep no link.
    const rows = await waitUntil('both rows sent', async () => {
      const r = await t.sql`SELECT * FROM email_outbox WHERE to_address = ${to}`
      return r.length === 2 && r.every((row) => row.status === 'sent') ? r : undefined
    })
    expect(rows.map((r) => r.data)).toEqual([null, null])
  })

  test('the recruiter who invited gets "results ready" with the report link once the summary is written', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor, {
      title: 'Primes',
      questions: [oneQuestion],
    })
    const to = candidateEmail()
    const invited = await t.request('POST', `/api/assessments/${assessment.id}/invitations`, {
      token: staff.token,
      body: { email: to, name: 'Bea' },
    })
    expect(invited.body.email).toEqual({ status: 'not_requested' })
    const accepted = await t.request('POST', `/api/invitations/${invited.body.token}/accept`)
    const token: string = accepted.body.token
    const started = await t.request('POST', `/api/assessments/${assessment.id}/sessions`, {
      token,
    })
    expect(started.status).toBe(201)
    const sessionId: string = started.body.session.id
    const answered = await t.request('POST', `/api/sessions/${sessionId}/answers`, {
      token,
      headers: { 'x-session-lease': started.body.lease_id },
      body: { question_id: started.body.question.id, answer: { choice_ids: ['a'] } },
    })
    expect(answered.status).toBe(201)
    expect(answered.body.session.status).toBe('completed')

    const message = await emailTo(staff.user.email)
    expect(message.subject).toBe('Results ready: Bea, Primes')
    expect(message.text).toContain(`Bea (${to}) finished "Primes"`)
    expect(message.text).toContain('Score: 100%')
    expect(message.text).toContain('Recommendation: Strong hire')
    expect(message.text).toContain(`${PUBLIC_URL}/results/${sessionId}`)
    // No invitation email was asked for: none was written (it would be, with the invitation).
    expect(await t.sql`SELECT id FROM email_outbox WHERE to_address = ${to}`).toHaveLength(0)
  })

  test('the email commits with its invitation: three invites at once, one email per invitation made', async () => {
    const staff = await createStaff(t)
    const { assessment } = await createPublishedAssessment(t, staff.actor)
    const to = candidateEmail()
    const invite = () =>
      t.request('POST', `/api/assessments/${assessment.id}/invitations`, {
        token: staff.token,
        body: { email: to, send_email: true },
      })
    const results = await Promise.all([invite(), invite(), invite()])
    const made = results.filter((r) => r.status === 201)
    expect(made.length).toBeGreaterThan(0)
    for (const r of results) expect([201, 409]).toContain(r.status)
    const rows = await t.sql`SELECT id FROM email_outbox WHERE to_address = ${to}`
    expect(rows).toHaveLength(made.length)
  })
})

describe('without SMTP configured', () => {
  let plain: TestApp
  beforeAll(async () => {
    plain = await createTestApp()
  })
  afterAll(() => plain.close())

  test('send_email answers not_configured, shows the link, and queues nothing', async () => {
    const staff = await createStaff(plain)
    const { assessment } = await createPublishedAssessment(plain, staff.actor)
    const res = await plain.request('POST', `/api/assessments/${assessment.id}/invitations`, {
      token: staff.token,
      body: { email: candidateEmail(), send_email: true },
    })
    expect(res.status).toBe(201)
    expect(res.body.email).toEqual({ status: 'not_configured' })
    expect(res.body.url).toBe(`${PUBLIC_URL}/invite/${res.body.token}`)
    expect(await plain.sql`SELECT id FROM email_outbox`).toHaveLength(0)
  })

  test('send_email must be a boolean', async () => {
    const staff = await createStaff(plain)
    const { assessment } = await createPublishedAssessment(plain, staff.actor)
    const res = await plain.request('POST', `/api/assessments/${assessment.id}/invitations`, {
      token: staff.token,
      body: { email: candidateEmail(), send_email: 'yes' },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.details.fields.send_email).toBeDefined()
  })
})

describe('an email whose link dies before it is sent is cancelled, never sent', () => {
  // SMTP configured on this API, but no worker sends: the rows wait, as when SMTP is down.
  let held: TestApp
  beforeAll(async () => {
    held = await createTestApp({ mail: { enabled: true } })
  })
  afterAll(() => held.close())
  const outboxTo = (to: string) =>
    held.sql`SELECT status, data, last_error FROM email_outbox WHERE to_address = ${to} ORDER BY created_at`

  test('revoking a candidate invitation, or inviting again, cancels the unsent email of the old link', async () => {
    const staff = await createStaff(held)
    const { assessment } = await createPublishedAssessment(held, staff.actor)
    const invite = (to: string) =>
      held.request('POST', `/api/assessments/${assessment.id}/invitations`, {
        token: staff.token,
        body: { email: to, send_email: true },
      })
    const revokedTo = candidateEmail()
    const made = await invite(revokedTo)
    expect(made.status).toBe(201)
    expect((await outboxTo(revokedTo))[0]?.status).toBe('pending')
    const revoked = await held.request('DELETE', `/api/invitations/${made.body.invitation.id}`, {
      token: staff.token,
    })
    expect(revoked.status).toBe(200)
    const [row] = await outboxTo(revokedTo)
    expect(row).toMatchObject({ status: 'cancelled', data: null })
    expect(row?.last_error).toContain('revoked')

    // Re-inviting revokes the first link: its email is cancelled, the new one waits.
    const twiceTo = candidateEmail()
    await invite(twiceTo)
    await invite(twiceTo)
    expect((await outboxTo(twiceTo)).map((r) => r.status)).toEqual(['cancelled', 'pending'])
  })

  test('withdrawing a member invitation cancels its unsent email', async () => {
    const admin = await createStaff(held)
    const to = candidateEmail()
    const invited = await held.request('POST', '/api/org/members', {
      token: admin.token,
      body: { email: to, name: 'Ivy', role: 'recruiter' },
    })
    expect(invited.status).toBe(201)
    expect(invited.body.email).toEqual({ status: 'queued' })
    const withdrawn = await held.request(
      'DELETE',
      `/api/org/member-invitations/${invited.body.invitation.id}`,
      { token: admin.token },
    )
    expect(withdrawn.status).toBe(200)
    const [row] = await outboxTo(to)
    expect(row).toMatchObject({ status: 'cancelled', data: null })
    expect(row?.last_error).toContain('withdrawn')
  })
})
