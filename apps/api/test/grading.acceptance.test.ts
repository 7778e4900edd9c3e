import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { GRADING_MS, processEnv, waitForOk, waitUntil } from '@assess/db/testing'
import type { Subprocess } from 'bun'
import postgres from 'postgres'

// Real processes grading real answers on a busy 2-core machine; waits end when their condition holds.
setDefaultTimeout(120_000)

/**
 * Issue 4's acceptance, black-box: `db:migrate`, `seed`, `start:api` and `start:worker` as real
 * processes with no model configured. A candidate finishes the seeded demo assessment over HTTP;
 * the worker grades every answer and writes the summary; the recruiter reads it. Then the same
 * with the worker killed (SIGKILL) mid-grading and restarted: the final scores do not change.
 */
const root = `${import.meta.dir}/../../..`
const { env, base, databaseUrl } = processEnv('e2e_grading', {
  SWEEP_INTERVAL_MS: '500',
  // A killed worker's job is taken over once its lock lapses: 2 s here instead of 30 s.
  JOB_LOCK_MS: '2000',
})
let api: Subprocess
let worker: Subprocess
let sql: postgres.Sql

// setsid: the worker and its sandbox children form one process group, killed together.
const startWorker = () =>
  Bun.spawn(['setsid', 'bun', 'run', 'start:worker'], {
    cwd: root,
    env,
    stdout: 'ignore',
    stderr: 'inherit',
  })

async function call(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

let recruiter: string
let seededInvitation: string
let assessmentId: string
beforeAll(async () => {
  const migrate = Bun.spawnSync(['bun', 'run', 'db:migrate'], { cwd: root, env })
  expect(migrate.exitCode, migrate.stderr.toString()).toBe(0)
  const seed = Bun.spawnSync(['bun', 'run', 'seed'], { cwd: root, env })
  expect(seed.exitCode, seed.stderr.toString()).toBe(0)
  seededInvitation = /\/invite\/([A-Za-z0-9_-]+)/.exec(seed.stdout.toString())?.[1] ?? ''
  api = Bun.spawn(['bun', 'run', 'start:api'], {
    cwd: root,
    env,
    stdout: 'ignore',
    stderr: 'inherit',
  })
  worker = startWorker()
  await waitForOk(`${base}/readyz`)
  sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  const login = await call('POST', '/api/auth/login', undefined, {
    email: 'recruiter@demo.assess.test',
    password: 'demo-password',
  })
  expect(login.status).toBe(200)
  recruiter = login.body.token
  const list = await call('GET', '/api/assessments', recruiter)
  assessmentId = list.body.assessments[0].id
})

afterAll(async () => {
  worker?.kill('SIGTERM')
  api?.kill('SIGTERM')
  await Promise.all([worker?.exited, api?.exited])
  await sql?.end()
})

// Answers to the demo: MCQ right, a decent short answer, and a correct but slow twoSum
// (each call spins ~300 ms, so grading the code takes a few seconds: time to kill the worker).
const slowTwoSum = `function twoSum(nums, target) {
  const until = Date.now() + 300
  while (Date.now() < until) {}
  const seen = new Map()
  for (let i = 0; i < nums.length; i++) {
    const j = seen.get(target - nums[i])
    if (j !== undefined) return [j, i]
    seen.set(nums[i], i)
  }
}`
const answers = [
  { choice_ids: ['c'] },
  {
    text: 'It rejects a duplicate answer when a submit is retried or races, so submit is idempotent.',
  },
  { language: 'javascript', code: slowTwoSum },
]

async function takeDemo(invitationToken: string) {
  const accepted = await call('POST', `/api/invitations/${invitationToken}/accept`)
  expect(accepted.status).toBe(200)
  const token = accepted.body.token
  const started = await call(
    'POST',
    `/api/assessments/${accepted.body.assessment.id}/sessions`,
    token,
  )
  expect(started.status).toBe(201)
  let state = started.body
  const lease = state.lease_id
  for (const answer of answers) {
    const res = await fetch(`${base}/api/sessions/${state.session.id}/answers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-session-lease': lease,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ question_id: state.question?.id, answer }),
    })
    expect(res.status).toBe(201)
    state = await res.json()
  }
  expect(state.session.status).toBe('completed')
  return state.session.id as string
}

function resultFor(sessionId: string) {
  return waitUntil(
    `the result of ${sessionId}`,
    async () => {
      const page = await call('GET', `/api/results?assessment_id=${assessmentId}`, recruiter)
      return page.body.results.find((r: { session_id: string }) => r.session_id === sessionId)
    },
    GRADING_MS,
    200,
  )
}

const scores = (sessionId: string) =>
  sql`SELECT q.position, a.score, a.grading_status FROM answers a
      JOIN questions q ON q.id = a.question_id WHERE a.session_id = ${sessionId} ORDER BY q.position`

let firstSession: string
describe('grading end to end, no model configured', () => {
  test('the seeded demo: every answer graded, the summary written, the recruiter reads it', async () => {
    const started = Date.now()
    firstSession = await takeDemo(seededInvitation)
    const result = await resultFor(firstSession)
    // Issue 4's bound for the demo (≈2 s here when alone): far above a busy machine's time.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result).toMatchObject({
      candidate: { email: 'candidate@demo.assess.test' },
      status: 'completed',
      max_score: 12,
    })
    expect(result.summary).toContain('rule-based')
    expect(['strong_hire', 'hire', 'maybe', 'no_hire']).toContain(result.recommendation)

    const report = await call('GET', `/api/sessions/${firstSession}/report`, recruiter)
    expect(report.status).toBe(200)
    const [mcq, short, code] = report.body.answers
    expect(mcq).toMatchObject({ score: 2, grading_status: 'graded', grader: { method: 'exact' } })
    expect(short.grader.method).toBe('keywords+heuristic')
    expect(short.feedback.keyword.found_count).toBeGreaterThanOrEqual(3)
    expect(code).toMatchObject({ score: 6, grading_status: 'graded', grader: { method: 'tests' } })
    expect(code.feedback.tests.cases).toHaveLength(4)
    expect(code.feedback.tests.cases[3]).toMatchObject({
      kind: 'hidden',
      input: [[-1, -2, -3, -4, -5], -8],
      verdict: 'passed',
    })
    expect(report.body.session.ai_summary.method).toBe('rules')
    expect(report.body.events.map((e: { type: string }) => e.type)).toContain('completed')
  })

  test('the worker killed mid-grading (SIGKILL) and restarted: nothing lost, same scores', async () => {
    const invited = await call('POST', `/api/assessments/${assessmentId}/invitations`, recruiter, {
      email: 'kill9@candidates.test',
    })
    const sessionId = await takeDemo(invited.body.token)
    // Wait until the code answer is being graded (for over a second: see slowTwoSum), then kill
    // the whole worker process group.
    await waitUntil(
      'the code answer to be in grading',
      async () => (await scores(sessionId))[2]?.grading_status === 'grading',
      GRADING_MS,
      25,
    )
    process.kill(-worker.pid, 'SIGKILL')
    await worker.exited
    const [, , midway] = await scores(sessionId)
    expect(midway?.grading_status).toBe('grading')

    worker = startWorker()
    const result = await resultFor(sessionId)
    const first = await resultFor(firstSession)
    expect(result.final_score).toBe(first.final_score)
    expect((await scores(sessionId)).map((r) => r.score)).toEqual(
      (await scores(firstSession)).map((r) => r.score),
    )
  })
})
