import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { CodeQuestionInput, GradeAnswerJob, SummarizeSessionJob } from '@assess/core'
import { gradeMcqBatch, RECONCILE_AFTER_MS, reconcileAnswers } from '@assess/db'
import { waitUntil } from '@assess/db/testing'
import { createModels, createSandbox } from '@assess/grading'
import { startOpenAIStub } from '@assess/grading/testing'
import { streamKey, toEntry } from '@assess/live'
import { finishedSession, goodAnswers, questionSet } from './test/fixtures.ts'
import { startTestWorkers } from './test/workers.ts'

// Real grading (sandbox children, queues) on a busy machine: waits end when their condition holds.
setDefaultTimeout(90_000)

type Workers = Awaited<ReturnType<typeof startTestWorkers>>

async function evaluated(t: Workers, sessionId: string) {
  return waitUntil(`session ${sessionId} evaluated`, async () => {
    const [s] = await t.sql`SELECT * FROM test_sessions WHERE id = ${sessionId}`
    return s?.evaluation_status === 'done' || s?.evaluation_status === 'failed' ? s : undefined
  })
}
const answersOf = (t: Workers, sessionId: string) =>
  t.sql`SELECT a.* FROM answers a JOIN questions q ON q.id = a.question_id
        WHERE a.session_id = ${sessionId} ORDER BY q.position`

describe('grading without a model', () => {
  let t: Workers
  beforeAll(async () => {
    t = await startTestWorkers()
  })
  afterAll(() => t.close())

  test('every answer graded by its labelled method, then exactly one summary', async () => {
    const { session, answerIds } = await finishedSession(t.db, goodAnswers)
    await t.producers.enqueueGrading(answerIds)
    const done = await evaluated(t, session.id)
    const answers = await answersOf(t, session.id)
    expect(answers.map((a) => [a.grading_status, a.grader.method])).toEqual([
      ['graded', 'partial_credit'],
      ['graded', 'keywords+heuristic'],
      ['graded', 'tests'],
    ])
    expect(answers[0]?.score).toBe(2)
    expect(answers[2]?.score).toBe(4) // 0.1 + 0.2 passes within the float tolerance
    expect(answers[2]?.feedback.tests.cases.map((c: { verdict: string }) => c.verdict)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
    ])
    const total = answers.reduce((sum, a) => sum + a.score, 0)
    expect(done.final_score).toBeCloseTo(total, 2)
    expect(done.max_score).toBe(10)
    expect(done.percentage).toBeCloseTo((total / 10) * 100, 2)
    expect(done.ai_summary).toMatchObject({ method: 'rules', model: null })
    expect(done.recommendation).toBe(done.ai_summary.recommendation)
    expect(done.evaluated_at).not.toBeNull()
    expect(t.summaryEnqueues.filter((id) => id === session.id)).toHaveLength(1)
  })

  test("a staff member's preview is graded and summarized, and nothing about it reaches the live stream", async () => {
    const preview = await finishedSession(t.db, goodAnswers)
    await t.sql`UPDATE test_sessions SET preview = true WHERE id = ${preview.session.id}`
    await t.producers.enqueueGrading(preview.answerIds)
    expect((await evaluated(t, preview.session.id)).evaluation_status).toBe('done')
    // A real session graded after it: once its summary is on its stream, anything the preview
    // published would be on the preview's (one publisher, its writes in order).
    const real = await finishedSession(t.db, goodAnswers)
    await t.producers.enqueueGrading(real.answerIds)
    const types = async (orgId: string) =>
      (await t.redis.xrange(streamKey(t.prefix, orgId), '-', '+')).map((e) => toEntry(e).type)
    await waitUntil('the real session summarized on its stream', async () =>
      (await types(real.session.orgId)).includes('session.summarized'),
    )
    expect(await types(real.session.orgId)).toContain('answer.graded')
    expect(await types(preview.session.orgId)).toEqual([])
  })

  test('a replayed job never double-counts', async () => {
    const { session, answerIds } = await finishedSession(t.db, goodAnswers)
    await t.producers.enqueueGrading(answerIds)
    const first = await evaluated(t, session.id)
    const before = await answersOf(t, session.id)
    // The same work again, under new job ids so BullMQ does not deduplicate it for us.
    for (const id of answerIds)
      await t.gradingQueue.add(GradeAnswerJob.name, { answer_id: id }, { jobId: `again-${id}` })
    const replay = await t.summaryQueue.add(
      SummarizeSessionJob.name,
      { session_id: session.id },
      { jobId: `again-${session.id}` },
    )
    await waitUntil('the replayed summary job', () => replay.isCompleted())
    for (const id of answerIds)
      await waitUntil(
        `the replayed job of ${id}`,
        async () => (await t.gradingQueue.getJob(`again-${id}`))?.returnvalue,
      )
    const after = await answersOf(t, session.id)
    expect(after.map((a) => [a.score, a.graded_at])).toEqual(
      before.map((a) => [a.score, a.graded_at]),
    )
    const [again] =
      await t.sql`SELECT final_score, evaluated_at FROM test_sessions WHERE id = ${session.id}`
    expect(again).toEqual({ final_score: first.final_score, evaluated_at: first.evaluated_at })
  })

  test('a job that failed for good does not block the reconciler from queueing the answer again', async () => {
    const { session, answerIds } = await finishedSession(t.db, goodAnswers)
    const [first = ''] = answerIds
    // A broken job under the answer's id fails at once, leaving the answer pending.
    const broken = await t.gradingQueue.add(
      GradeAnswerJob.name,
      { answer_id: 'not-a-uuid' },
      { jobId: first, attempts: 1 },
    )
    await waitUntil('the broken job to fail', () => broken.isFailed())
    // The reconciler, once the answers have waited longer than it allows.
    const later = () => new Date(Date.now() + RECONCILE_AFTER_MS + 1000)
    await reconcileAnswers({ db: t.db, now: later, queue: t.producers })
    const done = await evaluated(t, session.id)
    expect(done.evaluation_status).toBe('done')
    expect((await t.gradingQueue.getJob(first))?.data).toEqual({ answer_id: first })
  })

  test('a session still in progress is graded but not summarized', async () => {
    const { session, answerIds } = await finishedSession(t.db, goodAnswers.slice(0, 2), {
      status: 'active',
    })
    await t.producers.enqueueGrading(answerIds)
    await waitUntil('every answer graded', async () => {
      const rows = await answersOf(t, session.id)
      return rows.every((a) => a.grading_status === 'graded')
    })
    const [s] = await t.sql`SELECT evaluation_status FROM test_sessions WHERE id = ${session.id}`
    expect(s?.evaluation_status).toBe('grading')
    expect(t.summaryEnqueues).not.toContain(session.id)
  })

  test("one MCQ job grades the session's open MCQ answers together; the others' jobs find them done", async () => {
    const mcq = questionSet()[0]
    const shortAnswer = questionSet()[1]
    if (!mcq || !shortAnswer) throw new Error('fixture questions missing')
    const { session, answerIds } = await finishedSession(
      t.db,
      [{ choice_ids: ['a', 'c'] }, { choice_ids: ['b'] }, goodAnswers[1], { choice_ids: ['a'] }],
      { questions: [mcq, mcq, shortAnswer, mcq] },
    )
    const [first, second, text, fourth] = answerIds
    if (!first || !second || !text || !fourth) throw new Error('answers missing')
    await t.producers.enqueueGrading([first])
    const job = await t.gradingQueue.getJob(first)
    await waitUntil('the first job', async () => (await job?.isCompleted()) === true)
    const batch = await answersOf(t, session.id)
    expect(batch.map((a) => [a.grading_status, a.score])).toEqual([
      ['graded', 2],
      ['graded', 0],
      ['pending', null], // not multiple choice: graded by its own job
      ['graded', 1], // partial credit: one of two correct options
    ])
    expect((await t.gradingQueue.getJob(first))?.returnvalue).toMatchObject({ batch: 3 })
    expect(t.summaryEnqueues).not.toContain(session.id)

    // This worker committed the batch, so the other MCQ jobs settle without the database: they
    // finish while something else holds the session lock.
    await t.sql.begin(async (tx) => {
      await tx`SELECT 1 FROM test_sessions WHERE id = ${session.id} FOR UPDATE`
      await t.producers.enqueueGrading([second, fourth])
      for (const id of [second, fourth]) {
        const sibling = await t.gradingQueue.getJob(id)
        await waitUntil(`job ${id}`, async () => (await sibling?.isCompleted()) === true)
        expect((await t.gradingQueue.getJob(id))?.returnvalue).toEqual({
          skipped: 'already graded by this worker',
        })
      }
    })
    await t.producers.enqueueGrading([text])
    await evaluated(t, session.id)
    const graded = await answersOf(t, session.id)
    expect(graded.map((a) => [a.score, a.graded_at])).toEqual(
      batch.map((a, i) =>
        i === 2 ? [graded[2]?.score, graded[2]?.graded_at] : [a.score, a.graded_at],
      ),
    )
    expect(graded[2]?.grading_status).toBe('graded')
    expect(t.summaryEnqueues.filter((id) => id === session.id)).toHaveLength(1)
  })

  test("MCQ jobs that arrive while this worker's batch of their session is being written wait for it, not for the lock", async () => {
    const mcq = questionSet()[0]
    if (!mcq) throw new Error('fixture question missing')
    const { session, answerIds } = await finishedSession(
      t.db,
      [{ choice_ids: ['a', 'c'] }, { choice_ids: ['b'] }, { choice_ids: ['a'] }],
      { questions: [mcq, mcq, mcq] },
    )
    // The batch waits for the session lock held here; its siblings wait for the batch in the
    // worker (one of the jobs batches: whichever read its answer first), not in the database.
    const lockWaiters = async () => {
      const [row] = await t.sql`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`
      return row?.n as number
    }
    const waiting = await t.sql.begin(async (tx) => {
      await tx`SELECT 1 FROM test_sessions WHERE id = ${session.id} FOR UPDATE`
      await t.producers.enqueueGrading(answerIds)
      await waitUntil('all three jobs active and the batch at the lock', async () =>
        (await t.gradingQueue.getActiveCount()) === 3 && (await lockWaiters()) > 0
          ? true
          : undefined,
      )
      return lockWaiters()
    })
    expect(waiting).toBe(1)
    const results = await Promise.all(
      answerIds.map(async (id) => {
        const job = await t.gradingQueue.getJob(id)
        await waitUntil(`job ${id}`, async () => (await job?.isCompleted()) === true)
        return (await t.gradingQueue.getJob(id))?.returnvalue
      }),
    )
    expect(results.filter((r) => r.batch === 3)).toHaveLength(1)
    expect(results.filter((r) => r.skipped === 'already graded by this worker')).toHaveLength(2)
    const graded = await answersOf(t, session.id)
    expect(graded.map((a) => a.grading_status)).toEqual(['graded', 'graded', 'graded'])
  })

  test("an MCQ job whose answer another worker's batch graded settles with one lock-free read", async () => {
    const mcq = questionSet()[0]
    if (!mcq) throw new Error('fixture question missing')
    const { session, answerIds } = await finishedSession(
      t.db,
      [{ choice_ids: ['a', 'c'] }, { choice_ids: ['b'] }],
      { questions: [mcq, mcq] },
    )
    const [first, second] = answerIds
    if (!first || !second) throw new Error('answers missing')
    // Another worker process: its batch grades both answers; this worker never saw it.
    const other = await gradeMcqBatch(t.db, first, async (open) =>
      open.map(({ answer }) => ({
        answerId: answer.id,
        status: 'graded' as const,
        score: 0,
        feedback: null,
        grader: null,
        gradingError: null,
        now: new Date(),
      })),
    )
    expect(other).toMatchObject({ kind: 'mcq', batch: 2 })
    // The read takes no lock: the job finishes while something else holds the session's.
    await t.sql.begin(async (tx) => {
      await tx`SELECT 1 FROM test_sessions WHERE id = ${session.id} FOR UPDATE`
      await t.producers.enqueueGrading([second])
      const sibling = await t.gradingQueue.getJob(second)
      await waitUntil('the sibling job', async () => (await sibling?.isCompleted()) === true)
      expect((await t.gradingQueue.getJob(second))?.returnvalue).toEqual({
        skipped: 'already graded',
      })
    })
  })

  test('many sessions graded at once: each summarized exactly once', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 6 }, () => finishedSession(t.db, goodAnswers)),
    )
    await t.producers.enqueueGrading(sessions.flatMap((s) => s.answerIds))
    for (const { session } of sessions) await evaluated(t, session.id)
    for (const { session } of sessions)
      expect(t.summaryEnqueues.filter((id) => id === session.id)).toHaveLength(1)
  })
})

describe('Python without an OS sandbox', () => {
  let t: Workers
  beforeAll(async () => {
    t = await startTestWorkers({ sandbox: await createSandbox({ isolation: 'process' }) })
  })
  afterAll(() => t.close())

  test('the code is not run unconfined: needs_review with the reason, not a silent 0', async () => {
    const python = questionSet()
    python[2] = CodeQuestionInput.parse({
      ...(python[2] as Extract<(typeof python)[2], { type: 'code' }>),
      language: 'python',
      languages: ['python'],
      boilerplate: 'def add(a, b):\n    pass',
    })
    const { session, answerIds } = await finishedSession(
      t.db,
      [
        goodAnswers[0],
        goodAnswers[1],
        { language: 'python', code: 'def add(a, b):\n    return a + b' },
      ],
      { questions: python },
    )
    await t.producers.enqueueGrading(answerIds)
    const done = await evaluated(t, session.id)
    const [, , code] = await answersOf(t, session.id)
    expect(code?.grading_status).toBe('needs_review')
    expect(code?.score).toBeNull()
    expect(JSON.stringify(code?.grading_error)).toContain('sandbox')
    expect(done.ai_summary.summary).toContain('review')
    // The unscored answer is left out of the totals, not counted as 0.
    expect(done.max_score).toBe(6)
    expect(done.ai_summary.pending_review).toBe(1)
  })
})

describe('grading with a model behind an OpenAI-compatible server', () => {
  let t: Workers
  const stub = startOpenAIStub()
  const semantic = { score: 8, reasoning: 'good', strengths: ['clear'], improvements: [] }
  const summary = {
    summary: 'Strong on fundamentals.',
    strengths: ['Q1'],
    improvements: [],
    recommendation: 'hire',
  }
  beforeAll(async () => {
    t = await startTestWorkers({
      models: createModels({
        apiKey: 'sk-test',
        baseURL: stub.baseURL,
        gradingModel: 'grader',
        codeReviewModel: 'reviewer',
        summaryModel: 'writer',
      }),
      weights: { codeTests: 1 },
    })
  })
  afterAll(async () => {
    await t.close()
    stub.stop()
  })

  // A fast retry schedule for the test: the production backoff is seconds.
  async function gradeWithRetries(answerId: string, attempts: number) {
    await t.gradingQueue.add(
      GradeAnswerJob.name,
      { answer_id: answerId },
      { jobId: answerId, attempts, backoff: { type: 'fixed', delay: 20 } },
    )
  }
  const byModel = (step: (kind: string) => unknown) => (body: { model: string }) =>
    step(body.model) as never

  test('500 until the last retry: the last attempt succeeds and the grade is the model’s', async () => {
    let shortCalls = 0
    stub.script([
      byModel((model) => {
        if (model === 'writer') return { json: summary }
        if (model === 'reviewer')
          return { json: { score: 5, summary: 's', strengths: [], improvements: [] } }
        return ++shortCalls < 3 ? { status: 500 } : { json: semantic }
      }),
    ])
    const { session, answerIds } = await finishedSession(t.db, goodAnswers.slice(0, 2), {
      questions: questionSet().slice(0, 2),
    })
    await gradeWithRetries(answerIds[1] ?? '', 3)
    await t.producers.enqueueGrading([answerIds[0] ?? ''])
    const done = await evaluated(t, session.id)
    const [, short] = await answersOf(t, session.id)
    expect(shortCalls).toBe(3)
    expect(short?.grading_status).toBe('graded')
    expect(short?.grader).toMatchObject({
      method: 'keywords+llm',
      model: expect.stringContaining('grader'),
    })
    expect(short?.feedback.semantic.score).toBe(1.6) // 8/10 of the 2-point semantic part
    expect(done.ai_summary).toMatchObject({ method: 'llm', summary: 'Strong on fundamentals.' })
  })

  test('429 then success', async () => {
    stub.script([{ status: 429 }, { json: semantic }, { json: summary }])
    const { session, answerIds } = await finishedSession(t.db, goodAnswers.slice(1, 2), {
      questions: questionSet().slice(1, 2),
    })
    await gradeWithRetries(answerIds[0] ?? '', 3)
    await evaluated(t, session.id)
    const [short] = await answersOf(t, session.id)
    expect(short?.grader.method).toBe('keywords+llm')
  })

  test('a model that never recovers: graded by the local fallback on the last try, flagged', async () => {
    // The grader is down for good; the summary model refuses the request (not retryable).
    stub.script([byModel((model) => (model === 'writer' ? { status: 400 } : { status: 503 }))])
    const { session, answerIds } = await finishedSession(t.db, goodAnswers.slice(1, 2), {
      questions: questionSet().slice(1, 2),
    })
    await gradeWithRetries(answerIds[0] ?? '', 3)
    const done = await evaluated(t, session.id)
    const [short] = await answersOf(t, session.id)
    expect(short?.grading_status).toBe('needs_review')
    expect(short?.grader.method).toBe('keywords+heuristic')
    expect(short?.score).toBeGreaterThan(0)
    expect(JSON.stringify(short?.grading_error)).toContain('HTTP 503')
    // The summary model refused: the rule-based summary, saying why.
    expect(done.ai_summary).toMatchObject({ method: 'rules' })
    expect(done.ai_summary.fallback_reason).toContain('HTTP 400')
  })
})
