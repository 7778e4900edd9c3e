import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { GRADING_QUEUE } from '@assess/core'
import { GRADING_MS, processEnv, testRunId, waitForOk, waitUntil } from '@assess/db/testing'
import { Queue } from 'bullmq'
import type { Subprocess } from 'bun'
import postgres from 'postgres'
import { sampleQuestions } from '../src/test/factories.ts'

// Real processes on a busy 2-core machine: Bun's 5 s default is not a limit to test against.
setDefaultTimeout(120_000)

/**
 * Issue 3's acceptance, black-box: `start:api` and `start:worker` as real processes on a freshly
 * migrated database, a short sweep interval, and real waiting for the clock (seconds, not minutes).
 */
const root = `${import.meta.dir}/../../..`
const { env, base, databaseUrl } = processEnv('e2e_sessions', { SWEEP_INTERVAL_MS: '250' })
const prefix = env.REDIS_KEY_PREFIX
const redisUrl = env.REDIS_URL
const processes: Subprocess[] = []
let sql: postgres.Sql
let grading: Queue

async function call(
  method: string,
  path: string,
  options: { token?: string; lease?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = {}
  if (options.token) headers.authorization = `Bearer ${options.token}`
  if (options.lease) headers['x-session-lease'] = options.lease
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

beforeAll(async () => {
  const migrate = Bun.spawnSync(['bun', 'run', 'db:migrate'], { cwd: root, env })
  expect(migrate.exitCode, migrate.stderr.toString()).toBe(0)
  for (const script of ['start:api', 'start:worker'])
    processes.push(
      Bun.spawn(['bun', 'run', script], { cwd: root, env, stdout: 'ignore', stderr: 'inherit' }),
    )
  await waitForOk(`${base}/readyz`)
  sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  grading = new Queue(GRADING_QUEUE, { connection: { url: redisUrl }, prefix })
})

afterAll(async () => {
  for (const p of processes) p.kill('SIGTERM')
  await Promise.all(processes.map((p) => p.exited))
  await grading?.close()
  await sql?.end()
})

async function invite(admin: string, assessmentId: string, email: string) {
  const invited = await call('POST', `/api/assessments/${assessmentId}/invitations`, {
    token: admin,
    body: { email },
  })
  const accepted = await call('POST', `/api/invitations/${invited.body.token}/accept`)
  expect(accepted.status).toBe(200)
  const token: string = accepted.body.token
  const started = await call('POST', `/api/assessments/${assessmentId}/sessions`, { token })
  expect(started.status).toBe(201)
  return { token, lease: started.body.lease_id as string, state: started.body }
}

describe('sessions over HTTP against start:api + start:worker', () => {
  test('answers land in Postgres and in `grading`; resume, a timed-out draft, and the recruiter lists', async () => {
    const signup = await call('POST', '/api/auth/signup', {
      body: {
        organization_name: 'Acme',
        name: 'Ann',
        email: `ann-${testRunId}@sessions.test`,
        password: 'long enough password',
      },
    })
    const admin = signup.body.token
    const [mcq, short, code] = sampleQuestions()
    const created = await call('POST', '/api/assessments', {
      token: admin,
      body: {
        title: 'Timed',
        heartbeat_timeout_seconds: 5,
        questions: [mcq, { ...short, time_limit_seconds: 5 }, code],
      },
    })
    const assessmentId = created.body.assessment.id
    await call('POST', `/api/assessments/${assessmentId}/publish`, { token: admin })

    const ada = await invite(admin, assessmentId, 'ada@candidates.test')
    const bob = await invite(admin, assessmentId, 'bob@candidates.test') // goes silent
    const sid = ada.state.session.id
    const first = await call('POST', `/api/sessions/${sid}/answers`, {
      token: ada.token,
      lease: ada.lease,
      body: { question_id: ada.state.question.id, answer: { choice_ids: ['a', 'c'] } },
    })
    expect(first.status).toBe(201)

    // A reload: the server says where the candidate is and how long is left.
    const resumed = await call('GET', '/api/sessions/active?takeover=true', { token: ada.token })
    const state = resumed.body.active_session
    expect(state.session.current_question_index).toBe(1)
    expect(state.question.id).toBe(first.body.question.id)
    expect(state.question_remaining_ms).toBeGreaterThan(3000)
    expect(state.question_remaining_ms).toBeLessThanOrEqual(5000)
    const lease = state.lease_id
    const draft = { text: 'an index gives fast lookup via a b-tree' }
    await call('PUT', `/api/sessions/${sid}/progress`, {
      token: ada.token,
      lease,
      body: { pending_answers: { [state.question.id]: draft } },
    })

    // Nobody submits q2: the worker's sweeper finalizes it from the draft once 5 s + grace pass.
    const finalized = await waitUntil(
      'the sweeper to finalize q2 from its draft',
      async () => {
        await call('PUT', `/api/sessions/${sid}/heartbeat`, { token: ada.token, lease })
        const [row] = await sql`SELECT answer, submitted_by, time_expired FROM answers
          WHERE session_id = ${sid} AND question_id = ${state.question.id}`
        return row
      },
      GRADING_MS,
      250,
    )
    expect(finalized).toMatchObject({ answer: draft, submitted_by: 'server', time_expired: true })

    const q3 = (await call('GET', `/api/sessions/${sid}`, { token: ada.token })).body
    expect(q3.session.current_question_index).toBe(2)
    const last = await call('POST', `/api/sessions/${sid}/answers`, {
      token: ada.token,
      lease,
      body: {
        question_id: q3.question.id,
        answer: { language: 'javascript', code: 'function add(a, b) { return a + b }' },
      },
    })
    expect(last.body.session.status).toBe('completed')

    const stored = await sql`SELECT id FROM answers WHERE session_id = ${sid}`
    expect(stored).toHaveLength(3)
    for (const { id } of stored) expect((await grading.getJob(id))?.name).toBe('grade-answer')

    // Bob never sent a heartbeat: by now (> 5 s) the sweeper has abandoned him.
    const carol = await invite(admin, assessmentId, 'carol@candidates.test')
    const abandoned: { sessions: { id: string; completion_method: string }[] } = await waitUntil(
      'the sweeper to abandon the silent session',
      async () => {
        const list = await call(
          'GET',
          `/api/sessions?status=abandoned&assessment_id=${assessmentId}`,
          {
            token: admin,
          },
        )
        return list.body.sessions.length > 0 && list.body
      },
      GRADING_MS,
      250,
    )
    expect(abandoned.sessions.map((s) => [s.id, s.completion_method])).toEqual([
      [bob.state.session.id, 'heartbeat_timeout'],
    ])
    const active = (
      await call('GET', `/api/sessions?status=active&assessment_id=${assessmentId}`, {
        token: admin,
      })
    ).body
    expect(active.sessions.map((s: { id: string }) => s.id)).toEqual([carol.state.session.id])
    const completed = (
      await call('GET', `/api/sessions?status=completed&assessment_id=${assessmentId}`, {
        token: admin,
      })
    ).body
    expect(completed.sessions.map((s: { id: string }) => s.id)).toEqual([sid])
  })
})
