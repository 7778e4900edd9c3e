import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { GradeAnswerJob } from '@assess/core'
import { type AnswerQueue, regradeAnswers, schema } from '@assess/db'
import { waitUntil } from '@assess/db/testing'
import { createModels, createSandbox, type Sandbox } from '@assess/grading'
import { startOpenAIStub } from '@assess/grading/testing'
import pino from 'pino'
import { startMetricsServer } from './metrics-server.ts'
import { finishedSession, goodAnswers, questionSet } from './test/fixtures.ts'
import { startTestWorkers } from './test/workers.ts'

// Real grading (sandbox children, queues) on a busy machine: waits end when their condition holds.
setDefaultTimeout(90_000)

type Workers = Awaited<ReturnType<typeof startTestWorkers>>
type Server = ReturnType<typeof startMetricsServer>
const silent = pino({ level: 'silent' })

/** The value of one sample of the Prometheus text, by name and (a subset of) its labels; 0 if none. */
function sample(text: string, name: string, labels: Record<string, string> = {}) {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    )
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3])
  }
  return 0
}

async function scrape(server: Server, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

/** How much each sample grew between two scrapes (the counters are the process's, cumulative). */
const growth =
  (before: string, after: string) =>
  (name: string, labels: Record<string, string> = {}) =>
    sample(after, name, labels) - sample(before, name, labels)

async function evaluated(t: Workers, sessionId: string) {
  return waitUntil(`session ${sessionId} evaluated`, async () => {
    const [s] = await t.sql`SELECT evaluation_status FROM test_sessions WHERE id = ${sessionId}`
    return s?.evaluation_status === 'done' ? s : undefined
  })
}

describe('the worker metrics after grading without a model', () => {
  let t: Workers
  let server: Server
  beforeAll(async () => {
    t = await startTestWorkers()
    server = startMetricsServer({
      port: 0,
      queues: [t.gradingQueue, t.summaryQueue],
      logger: silent,
    })
  })
  afterAll(async () => {
    await server.stop()
    await t.close()
  })

  test('grading durations by type and method, sandbox verdicts, model fallbacks, queue counts', async () => {
    const before = (await scrape(server)).text
    const { session, answerIds } = await finishedSession(t.db, goodAnswers)
    await t.producers.enqueueGrading(answerIds)
    await evaluated(t, session.id)
    await waitUntil('the summary job to finish', async () =>
      (await t.summaryQueue.getJobCounts('completed')).completed === 1 ? true : undefined,
    )
    const res = await scrape(server)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    const grew = growth(before, res.text)
    const graded = (type: string, method: string) =>
      grew('assess_grading_duration_seconds_count', { type, method })
    expect(graded('mcq', 'partial_credit')).toBe(1)
    expect(graded('short_answer', 'keywords+heuristic')).toBe(1)
    expect(graded('code', 'tests')).toBe(1)
    expect(
      sample(res.text, 'assess_grading_duration_seconds_sum', { type: 'code' }),
    ).toBeGreaterThan(0)
    // One count per test case (the sample test and three hidden ones), by verdict.
    expect(grew('assess_sandbox_runs_total', { language: 'javascript', verdict: 'passed' })).toBe(4)
    expect(
      grew('assess_sandbox_runs_total', { language: 'javascript', verdict: 'wrong_answer' }),
    ).toBe(0)
    // No model: the short answer's semantic part, the code review and the summary fell back.
    expect(grew('assess_model_calls_total', { outcome: 'fallback' })).toBe(3)
    expect(grew('assess_model_calls_total', { outcome: 'ok' })).toBe(0)
    // Queue counts are read at scrape time: three grading jobs and one summary, kept as completed.
    expect(sample(res.text, 'assess_queue_jobs', { queue: 'grading', state: 'completed' })).toBe(3)
    expect(sample(res.text, 'assess_queue_jobs', { queue: 'summaries', state: 'completed' })).toBe(
      1,
    )
    expect(sample(res.text, 'assess_queue_jobs', { queue: 'grading', state: 'waiting' })).toBe(0)
    // The counters other parts of the worker increment are declared, and the process defaults.
    expect(res.text).toContain('# TYPE assess_webhook_deliveries_total counter')
    expect(res.text).toContain('# TYPE assess_emails_total counter')
    expect(sample(res.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)
  })

  test('a failing test case is counted by its verdict', async () => {
    const before = (await scrape(server)).text
    const { session, answerIds } = await finishedSession(
      t.db,
      [{ language: 'javascript', code: 'function add(a, b) { return a - b }' }],
      { questions: questionSet().slice(2) },
    )
    await t.producers.enqueueGrading(answerIds)
    await evaluated(t, session.id)
    const grew = growth(before, (await scrape(server)).text)
    // a - b is wrong on every case: the sample (1, 2) and the hidden (2, 2), (-1, 1), (0.1, 0.2).
    expect(grew('assess_sandbox_runs_total', { language: 'javascript', verdict: 'passed' })).toBe(0)
    expect(
      grew('assess_sandbox_runs_total', { language: 'javascript', verdict: 'wrong_answer' }),
    ).toBe(4)
  })

  test('only GET /metrics is served', async () => {
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404)
    const post = await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: 'POST' })
    expect(post.status).toBe(405)
  })
})

describe('the worker metrics count a grade once it is committed', () => {
  let t: Workers
  let server: Server
  // The first code run waits until the test lets it go: a regrade comes in meanwhile.
  let entered = false
  let release: () => void = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  beforeAll(async () => {
    const real = await createSandbox()
    let first = true
    const gated: Sandbox = {
      isolation: real.isolation,
      async run(req) {
        if (first) {
          first = false
          entered = true
          await released
        }
        return real.run(req)
      },
      runProgram: (req) => real.runProgram(req),
    }
    t = await startTestWorkers({ sandbox: gated })
    server = startMetricsServer({ port: 0, queues: [t.gradingQueue], logger: silent })
  })
  afterAll(async () => {
    release()
    await server.stop()
    await t.close()
  })

  test('a job superseded by a regrade while it graded counts nothing; the regrade’s job counts once', async () => {
    const { session, answerIds } = await finishedSession(t.db, [goodAnswers[2]], {
      questions: questionSet().slice(2),
    })
    const [answerId = ''] = answerIds
    const before = (await scrape(server)).text
    await t.producers.enqueueGrading([answerId])
    await waitUntil('the first job to run the code', () => entered || undefined)
    // A recruiter regrades the session meanwhile; its own job is held back for now.
    const [recruiter] = await t.db
      .insert(schema.users)
      .values({
        orgId: session.orgId,
        email: 'metrics-regrade@worker.test',
        name: 'Rita',
        role: 'recruiter',
      })
      .returning()
    if (!recruiter) throw new Error('no recruiter')
    const lost: AnswerQueue = { enqueueGrading: async () => {} }
    const regraded = await regradeAnswers(
      { db: t.db, now: () => new Date(), queue: lost },
      { userId: recruiter.id, orgId: session.orgId },
      { target: { sessionId: session.id }, reason: 'metrics' },
    )
    expect(regraded.revision).toBe(1)
    release()
    const stale = await waitUntil('the stale job to finish', async () => {
      const job = await t.gradingQueue.getJob(GradeAnswerJob.jobId(answerId))
      // Read again once completed: the copy read first may predate its return value.
      return (await job?.isCompleted()) ? t.gradingQueue.getJob(job?.id ?? '') : undefined
    })
    // It graded, but its save wrote nothing: the answer waits for the regrade's job.
    expect(stale.returnvalue).toMatchObject({ summary_queued: false })
    const [answer] = await t.sql`SELECT grading_status FROM answers WHERE id = ${answerId}`
    expect(answer?.grading_status).toBe('pending')
    let grew = growth(before, (await scrape(server)).text)
    expect(grew('assess_grading_duration_seconds_count', { type: 'code', method: 'tests' })).toBe(0)
    expect(grew('assess_sandbox_runs_total', { language: 'javascript', verdict: 'passed' })).toBe(0)
    // The regrade's own job grades it, and that grade counts, once.
    await t.producers.enqueueGrading([answerId], { revision: 1 })
    await evaluated(t, session.id)
    grew = growth(before, (await scrape(server)).text)
    expect(grew('assess_grading_duration_seconds_count', { type: 'code', method: 'tests' })).toBe(1)
    expect(grew('assess_sandbox_runs_total', { language: 'javascript', verdict: 'passed' })).toBe(4)
  })
})

describe('the worker metrics with a model behind an OpenAI-compatible server', () => {
  let t: Workers
  let server: Server
  const stub = startOpenAIStub()
  beforeAll(async () => {
    t = await startTestWorkers({
      models: createModels({
        apiKey: 'sk-test',
        baseURL: stub.baseURL,
        gradingModel: 'grader',
        codeReviewModel: 'reviewer',
        summaryModel: 'writer',
      }),
    })
    server = startMetricsServer({ port: 0, queues: [t.gradingQueue], logger: silent })
  })
  afterAll(async () => {
    await server.stop()
    await t.close()
    stub.stop()
  })

  test('each request counted ok or error, and graded with the model', async () => {
    let graderCalls = 0
    stub.script([
      (body) => {
        if (body.model === 'writer')
          return {
            json: { summary: 'Solid.', strengths: [], improvements: [], recommendation: 'hire' },
          }
        if (body.model === 'reviewer')
          return { json: { score: 7, summary: 'ok', strengths: [], improvements: [] } }
        // The grading model fails once (the job retries), then answers.
        return ++graderCalls === 1
          ? { status: 500 }
          : { json: { score: 8, reasoning: 'good', strengths: [], improvements: [] } }
      },
    ])
    const before = (await scrape(server)).text
    const { session, answerIds } = await finishedSession(t.db, goodAnswers)
    const [mcq = '', short = '', code = ''] = answerIds
    // The short answer's job retries at once instead of after the production backoff.
    await t.gradingQueue.add(
      GradeAnswerJob.name,
      { answer_id: short },
      { jobId: short, attempts: 3, backoff: { type: 'fixed', delay: 20 } },
    )
    await t.producers.enqueueGrading([mcq, code])
    await evaluated(t, session.id)
    const grew = growth(before, (await scrape(server)).text)
    expect(graderCalls).toBe(2)
    expect(grew('assess_model_calls_total', { outcome: 'error' })).toBe(1)
    expect(grew('assess_model_calls_total', { outcome: 'ok' })).toBe(3)
    expect(grew('assess_model_calls_total', { outcome: 'fallback' })).toBe(0)
    const graded = (type: string, method: string) =>
      grew('assess_grading_duration_seconds_count', { type, method })
    expect(graded('short_answer', 'keywords+llm')).toBe(1)
    expect(graded('code', 'tests+llm')).toBe(1)
    expect(graded('mcq', 'partial_credit')).toBe(1)
  })
})

describe('METRICS_TOKEN on the worker', () => {
  const token = 'worker-scrape-token-0123456789'
  let server: Server
  beforeAll(() => {
    server = startMetricsServer({ port: 0, token, queues: [], logger: silent })
  })
  afterAll(() => server.stop())

  test('401 without the bearer token or with another; 200 with it', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-the-token-0123456789' },
    ]
    for (const headers of attempts) {
      const res = await scrape(server, headers)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toContain('Bearer')
      expect(res.text).not.toContain('assess_')
    }
    const res = await scrape(server, { authorization: `Bearer ${token}` })
    expect(res.status).toBe(200)
    expect(res.text).toContain('# TYPE assess_grading_duration_seconds histogram')
  })
})
