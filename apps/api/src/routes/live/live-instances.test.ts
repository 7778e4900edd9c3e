import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { GRADING_MS, PROCESS_START_MS, waitUntil } from '@assess/db/testing'
import type { Server, Subprocess } from 'bun'
import { createStaff, sampleQuestions, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { openSse, type SseClient } from '../../test/sse-client.ts'

// A real worker process and grading on a busy 2-core machine: not Bun's 5 s default.
setDefaultTimeout(PROCESS_START_MS + GRADING_MS)

/**
 * Two API instances and the worker, as in production: separate connections to one database and
 * one Redis prefix. The recruiter listens on instance A; the candidate works on instance B; the
 * worker process grades, summarizes and sweeps. Only Redis carries the events between them.
 */
let a: TestApp
let b: TestApp
let serverA: Server<undefined>
let worker: Subprocess<'ignore', 'pipe', 'inherit'>
let workerOutput = ''
let stream: SseClient | undefined

beforeAll(async () => {
  a = await createTestApp()
  b = await createTestApp({}, { sharing: a })
  serverA = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: a.app.fetch })
  worker = Bun.spawn(['bun', 'run', 'src/main.ts'], {
    cwd: `${import.meta.dir}/../../../../worker`,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: a.databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: a.redisPrefix,
      SWEEP_INTERVAL_MS: '200',
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
  await stream?.close()
  worker?.kill('SIGTERM')
  await worker?.exited
  await serverA?.stop(true)
  await b?.close()
  await a?.close()
})

const mcq = sampleQuestions().find((q) => q.type === 'mcq')
if (!mcq) throw new Error('no sample MCQ')
// No time limits: the worker's sweeper runs on the real clock, the apps on a frozen one, so a
// limit would close questions on a slow machine.
const untimed = { ...mcq, time_limit_seconds: null }
const twoMcqs = [untimed, { ...untimed, prompt: 'Which of these are odd?' }]

describe('live events across API instances and the worker', () => {
  test('instance A streams what happens on instance B and in the worker', async () => {
    const staff = await createStaff(a)
    stream = await openSse(`${serverA.url}api/live`, { authorization: `Bearer ${staff.token}` })
    expect(stream.status).toBe(200)
    const s = stream
    const sessionTypes = (id: string) =>
      s
        .envelopes()
        .filter((e) => e.session_id === id)
        .map((e) => e.type as string)

    const c = await startCandidate(b, staff.actor, { assessment: { questions: twoMcqs } })
    const first = c.state.question
    const answered = await c.call('POST', '/answers', {
      question_id: first.id,
      answer: { choice_ids: ['a', 'c'] },
    })
    expect(answered.status).toBe(201)
    // Graded by the worker process, which picked the job up from instance B's queue.
    const graded = await s.waitFor(
      'the worker’s grade of the first answer',
      () =>
        s
          .envelopes()
          .find((e) => e.type === 'answer.graded' && e.data.answer_id === answered.body.answer.id),
      GRADING_MS,
    )
    expect(graded).toMatchObject({
      session_id: c.sessionId,
      assessment_id: c.detail.assessment.id,
      data: { question_id: first.id, grading_status: 'graded', score: 2, max_score: 2 },
    })

    const second = answered.body.question
    expect(
      (await c.call('POST', '/answers', { question_id: second.id, answer: { choice_ids: ['b'] } }))
        .status,
    ).toBe(201)
    await s.waitFor(
      'the summary',
      () => sessionTypes(c.sessionId).includes('session.summarized'),
      GRADING_MS,
    )
    const seen = sessionTypes(c.sessionId)
    expect(seen[0]).toBe('session.started')
    expect(seen.toSorted()).toEqual(
      [
        'session.started',
        'answer.submitted',
        'answer.graded',
        'answer.submitted',
        'session.completed',
        'answer.graded',
        'session.summarized',
      ].toSorted(),
    )
    // The worker publishes on one connection: both grades before the summary they led to.
    expect(seen.lastIndexOf('answer.graded')).toBeLessThan(seen.indexOf('session.summarized'))
    const summarized = s.envelopes().find((e) => e.type === 'session.summarized')
    expect(summarized.data).toMatchObject({ final_score: 2, max_score: 4, percentage: 50 })
  })

  test('a session the worker’s sweeper abandons reaches instance A too', async () => {
    const staff = await createStaff(a)
    const own = await openSse(`${serverA.url}api/live`, { authorization: `Bearer ${staff.token}` })
    try {
      const c = await startCandidate(b, staff.actor, { assessment: { questions: twoMcqs } })
      await own.waitFor('the start', () =>
        own.envelopes().some((e) => e.session_id === c.sessionId),
      )
      // Silent for a day, as far as the sweeper (on the real clock) can tell.
      await a.sql`UPDATE test_sessions SET last_heartbeat = now() - interval '1 day'
        WHERE id = ${c.sessionId}`
      const ended = await own.waitFor('the sweeper’s ending', () =>
        own.envelopes().find((e) => e.session_id === c.sessionId && e.type === 'session.completed'),
      )
      expect(ended.data).toMatchObject({
        status: 'abandoned',
        completion_method: 'heartbeat_timeout',
      })
    } finally {
      await own.close()
    }
  })
})
