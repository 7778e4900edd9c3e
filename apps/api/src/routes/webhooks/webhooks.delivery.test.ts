import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { GRADING_MS, PROCESS_START_MS, waitUntil } from '@assess/db/testing'
import type { Server, Subprocess } from 'bun'
import { Webhook } from 'standardwebhooks'
import { createStaff, sampleQuestions, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

// A real worker process grading and delivering, with retries a second apart, on a busy machine.
setDefaultTimeout(PROCESS_START_MS + GRADING_MS)

/**
 * End to end: the API (in this process) writes events in the transactions of the changes they
 * report; the worker process (src/main.ts, as deployed, with WEBHOOK_* set as for tests) relays,
 * signs and sends them, and retries; a receiver verifies every request with `standardwebhooks`.
 */
let t: TestApp
let worker: Subprocess<'ignore', 'pipe', 'inherit'>
let workerOutput = ''
let receiver: Server<undefined>

interface Received {
  path: string
  headers: Record<string, string>
  body: string
  /** What standardwebhooks' verify returned, or the error it threw. */
  verified: unknown
}
const received: Received[] = []
const secrets = new Map<string, string>()
/** Per path: how many requests to answer 500 before answering 200. */
const failFirst = new Map<string, number>()

beforeAll(async () => {
  t = await createTestApp({ webhooks: { allowPrivateNetworks: true, requireHttps: false } })
  receiver = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const path = new URL(req.url).pathname
      const body = await req.text()
      const headers = Object.fromEntries(req.headers)
      let verified: unknown
      try {
        verified = new Webhook(secrets.get(path) ?? 'whsec_AAAA').verify(body, headers)
      } catch (err) {
        verified = err
      }
      received.push({ path, headers, body, verified })
      const seen = received.filter((r) => r.path === path).length
      return seen <= (failFirst.get(path) ?? 0)
        ? new Response('not yet', { status: 500 })
        : new Response('ok')
    },
  })
  worker = Bun.spawn(['bun', 'run', 'src/main.ts'], {
    cwd: `${import.meta.dir}/../../../../worker`,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: t.databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: t.redisPrefix,
      SWEEP_INTERVAL_MS: '200',
      PUBLIC_URL: 'http://assess.test',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_RETRY_DELAYS: '1,1,1',
      WEBHOOK_RELAY_INTERVAL_MS: '200',
      METRICS_PORT: '0', // any free port: never the default another worker may hold
      LOG_LEVEL: 'info',
    },
    stdout: 'pipe',
    stderr: 'inherit',
  })
  // Drained for as long as it runs, so its logs never fill the pipe and block it.
  void (async () => {
    const decoder = new TextDecoder()
    for await (const chunk of worker.stdout) workerOutput += decoder.decode(chunk)
  })()
  await waitUntil(
    'the worker to be ready',
    () => workerOutput.includes('worker ready'),
    PROCESS_START_MS,
  )
})

afterAll(async () => {
  worker?.kill('SIGTERM')
  await worker?.exited
  receiver?.stop(true)
  await t?.close()
})

const mcq = sampleQuestions().find((q) => q.type === 'mcq')
if (!mcq) throw new Error('no sample MCQ')
// No time limit: the worker's sweeper runs on the real clock, the app on a frozen one.
const untimed = { ...mcq, time_limit_seconds: null }

async function subscribe(token: string, path: string, events: string[]) {
  const res = await t.request('POST', '/api/webhooks', {
    token,
    body: { url: `http://127.0.0.1:${receiver.port}${path}`, events },
  })
  expect(res.status).toBe(201)
  secrets.set(path, res.body.secret)
  return res.body.webhook.id as string
}

const arrived = (path: string, type: string, sessionId?: string) =>
  received.filter(
    (r) =>
      r.path === path &&
      (r.verified as { type?: string })?.type === type &&
      (sessionId === undefined ||
        (r.verified as { data?: { session_id?: string } }).data?.session_id === sessionId),
  )

describe('webhooks end to end, with the worker process', () => {
  test('a session’s events arrive signed: accepted, started, completed (with its method), summarized (with report_url)', async () => {
    const staff = await createStaff(t)
    const path = '/all'
    await subscribe(staff.token, path, [
      'invitation.accepted',
      'session.started',
      'session.completed',
      'session.summarized',
    ])
    // Two questions, one answered, then finished by hand: completion_method is `manual`.
    const c = await startCandidate(t, staff.actor, {
      assessment: { questions: [untimed, { ...untimed, prompt: 'Which of these are odd?' }] },
    })
    const answered = await c.call('POST', '/answers', {
      question_id: c.state.question.id,
      answer: { choice_ids: ['a', 'c'] },
    })
    expect(answered.status).toBe(201)
    const done = await c.call('PUT', '/complete', { completion_method: 'manual' })
    expect(done.status).toBe(200)

    const summarized = await waitUntil(
      'session.summarized',
      () => arrived(path, 'session.summarized', c.sessionId)[0],
      GRADING_MS,
    )
    const fromPath = received.filter((r) => r.path === path)
    // Every request verifies with the endpoint's secret (verify returns the parsed body).
    for (const r of fromPath) expect(r.verified).toEqual(JSON.parse(r.body))
    expect(arrived(path, 'invitation.accepted')[0]?.verified).toMatchObject({
      data: {
        invitation_id: c.invitation.id,
        assessment: { id: c.detail.assessment.id },
        candidate: { email: c.invitation.email },
        accepted_at: expect.any(String),
      },
    })
    expect(arrived(path, 'session.started', c.sessionId)[0]?.verified).toMatchObject({
      type: 'session.started',
      timestamp: expect.any(String),
      data: { session_id: c.sessionId, started_at: expect.any(String) },
    })
    expect(arrived(path, 'session.completed', c.sessionId)[0]?.verified).toMatchObject({
      data: { status: 'completed', completion_method: 'manual', completed_at: expect.any(String) },
    })
    expect(summarized.verified).toMatchObject({
      data: {
        session_id: c.sessionId,
        final_score: 2,
        max_score: 4,
        percentage: 50,
        recommendation: expect.any(String),
        summary: expect.anything(),
        report_url: `http://assess.test/results/${c.sessionId}`,
      },
    })
    // One message id per event, each sent once (the receiver answered 200 at once).
    const ids = fromPath.map((r) => r.headers['webhook-id'])
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('a receiver failing its first two deliveries gets the retries, under the same webhook-id; a redelivery reuses it', async () => {
    const staff = await createStaff(t)
    const path = '/flaky'
    failFirst.set(path, 2)
    const webhookId = await subscribe(staff.token, path, ['session.started'])
    const c = await startCandidate(t, staff.actor, { assessment: { questions: [untimed] } })
    const deliveries = async () =>
      (await t.request('GET', `/api/webhooks/${webhookId}/deliveries`, { token: staff.token })).body
        .deliveries as {
        id: string
        status: string
        message_id: string
        attempts: { status_code: number | null }[]
      }[]
    const [delivery] = await waitUntil(
      'the delivery to succeed',
      async () => {
        const list = await deliveries()
        return list[0]?.status === 'succeeded' ? list : undefined
      },
      GRADING_MS,
    )
    expect(delivery?.attempts.map((a) => a.status_code)).toEqual([500, 500, 200])
    const sent = arrived(path, 'session.started', c.sessionId)
    expect(sent.length).toBe(3)
    expect(new Set(sent.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([delivery?.message_id]),
    )

    const again = await t.request(
      'POST',
      `/api/webhooks/${webhookId}/deliveries/${delivery?.id}/redeliver`,
      { token: staff.token },
    )
    expect(again.status).toBe(202)
    await waitUntil('the redelivery', () => arrived(path, 'session.started').length === 4)
    const last = arrived(path, 'session.started')[3]
    expect(last?.headers['webhook-id']).toBe(delivery?.message_id)
    expect(last?.body).toBe(sent[0]?.body ?? '')
    expect(last?.verified).toEqual(JSON.parse(last?.body ?? 'null'))
  })

  test('the test button sends a verified ping', async () => {
    const staff = await createStaff(t)
    const webhookId = await subscribe(staff.token, '/ping', ['session.completed'])
    const res = await t.request('POST', `/api/webhooks/${webhookId}/test`, { token: staff.token })
    expect(res.status).toBe(202)
    const ping = await waitUntil('the ping', () => arrived('/ping', 'ping')[0])
    expect(ping.verified).toEqual({
      type: 'ping',
      timestamp: t.clock.now().toISOString(),
      data: { webhook_id: webhookId },
    })
  })
})
