import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { GradeAnswerJob } from '@assess/core'
import { waitUntil } from '@assess/db/testing'
import type { Sandbox } from '@assess/grading'
import { streamKey, toEntry } from '@assess/live'
import type { Queue } from 'bullmq'
import { finishedSession, goodAnswers, questionSet } from './test/fixtures.ts'
import { startTestWorkers } from './test/workers.ts'

// Real workers on a busy machine: waits end when their condition holds.
setDefaultTimeout(60_000)

// Breaks its contract (run never throws) the way a bug in local grading would: the same
// failure on every attempt, with or without a model.
const explodingSandbox: Sandbox = {
  isolation: 'process',
  run: async () => {
    throw new Error('sandbox exploded')
  },
  runProgram: async () => {
    throw new Error('sandbox exploded')
  },
}

let t: Awaited<ReturnType<typeof startTestWorkers>>
beforeAll(async () => {
  t = await startTestWorkers({ sandbox: explodingSandbox })
})
afterAll(() => t.close())

/**
 * The job as BullMQ left it once failed: its state is polled first and the job read after, as
 * a copy read before the move (atomic in Redis) still has no attempt and no reason.
 */
async function failedJob(queue: Queue, id: string) {
  await waitUntil(`job ${id} failed`, async () => (await queue.getJobState(id)) === 'failed')
  const job = await queue.getJob(id)
  if (!job) throw new Error(`job ${id} is gone`)
  return job
}

describe('permanent failures fail the job at once (UnrecoverableError), not after every attempt', () => {
  test('a failing local grader: one attempt of five, the answer failed with the reason', async () => {
    const code = questionSet()[2]
    if (!code) throw new Error('no code question')
    const { session, answerIds } = await finishedSession(t.db, [goodAnswers[2]], {
      questions: [code],
    })
    const [answerId = ''] = answerIds
    // The production job options: 5 attempts, seconds of backoff between them.
    await t.producers.enqueueGrading([answerId])
    const answer = await waitUntil('the answer marked failed', async () => {
      const [row] = await t.sql`SELECT * FROM answers WHERE id = ${answerId}`
      return row?.grading_status === 'failed' ? row : undefined
    })
    expect(answer.grading_error).toMatchObject({ message: 'sandbox exploded', attempt: 1 })
    // The answer's row is written before BullMQ moves the job to failed: read the job once it is
    // there (a copy read earlier still says 0 attempts made).
    const job = await failedJob(t.gradingQueue, answerId)
    expect(job.opts.attempts).toBe(GradeAnswerJob.options.attempts)
    expect(job.attemptsMade).toBe(1)
    // A failed answer is still an answer: the session is summarized without it.
    await waitUntil('the session evaluated', async () => {
      const [s] = await t.sql`SELECT evaluation_status FROM test_sessions WHERE id = ${session.id}`
      return s?.evaluation_status === 'done'
    })
  })

  test('bad job data never becomes valid: failed after one attempt', async () => {
    const job = await t.gradingQueue.add(
      GradeAnswerJob.name,
      { answer_id: 'not-a-uuid' },
      { ...GradeAnswerJob.options, jobId: 'bad-data-job' },
    )
    await waitUntil('the job failed', () => job.isFailed())
    const failed = await t.gradingQueue.getJob('bad-data-job')
    expect(failed?.attemptsMade).toBe(1)
    expect(failed?.failedReason).toContain('bad job data')
  })
})

describe('the answer is failed by the processor, before the job fails', () => {
  let w: Awaited<ReturnType<typeof startTestWorkers>>
  // The worker's 'failed' handler is best-effort (its save may fail, the worker may die before
  // it runs): taken off here, so only the processor can have marked the answer.
  let failedHandlers: ((...args: unknown[]) => unknown)[] = []
  beforeAll(async () => {
    w = await startTestWorkers({ sandbox: explodingSandbox })
    failedHandlers = w.workers.grading.listeners('failed') as typeof failedHandlers
    w.workers.grading.removeAllListeners('failed')
  })
  afterAll(() => w.close())

  test('failed with the reason when the job is, the session summarized; the handler later adds nothing', async () => {
    expect(failedHandlers).toHaveLength(1)
    const code = questionSet()[2]
    if (!code) throw new Error('no code question')
    const { session, answerIds } = await finishedSession(w.db, [goodAnswers[2]], {
      questions: [code],
    })
    const [answerId = ''] = answerIds
    await w.producers.enqueueGrading([answerId])
    const job = await failedJob(w.gradingQueue, answerId)
    const answerRow = async () =>
      (await w.sql`SELECT * FROM answers WHERE id = ${answerId}`)[0] ?? {}
    const answer = await answerRow()
    expect(answer.grading_status).toBe('failed')
    expect(answer.grading_error).toMatchObject({ message: 'sandbox exploded', attempt: 1 })
    // Its summary was queued by the processor too.
    await waitUntil('the session evaluated', async () => {
      const [s] = await w.sql`SELECT evaluation_status FROM test_sessions WHERE id = ${session.id}`
      return s?.evaluation_status === 'done'
    })

    // The handler, run now as the worker runs it: the answer is no longer open, so its save
    // writes nothing, and nothing is published or queued a second time.
    // (Read on the connection the live events are written on: a publish would come first.)
    const gradedEvents = async () =>
      (await w.redis.xrange(streamKey(w.prefix, session.orgId), '-', '+'))
        .map(toEntry)
        .filter((e) => e.type === 'answer.graded' && e.data.includes(answerId))
    await waitUntil('answer.graded published', async () => (await gradedEvents()).length > 0)
    await Promise.all(
      failedHandlers.map((handler) => handler(job, new Error(job.failedReason), 'active')),
    )
    expect(await answerRow()).toEqual(answer)
    expect(w.summaryEnqueues.filter((id) => id === session.id)).toHaveLength(1)
    const events = await gradedEvents()
    expect(events).toHaveLength(1)
    expect(JSON.parse(events[0]?.data ?? '{}').data.grading_status).toBe('failed')
  })
})
