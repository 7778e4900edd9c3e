import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { GRADING_QUEUE, GradeAnswerJob, SUMMARY_QUEUE, SummarizeSessionJob } from '@assess/core'
import { UnrecoverableError, Worker } from 'bullmq'
import Redis from 'ioredis'
import { createProducerConnection } from './enqueue.ts'
import { createGradingProducer } from './grading.ts'
import { createSummaryProducer } from './summaries.ts'

// Real Redis on a busy machine; the unreachable-Redis cases wait out their own timeouts.
setDefaultTimeout(30_000)

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const runPrefix = `assess_test_queues_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
const connection = createProducerConnection(redisUrl)
// Workers block on Redis by design: a connection of their own, as in the worker process.
const blocking = new Redis(redisUrl, { maxRetriesPerRequest: null })
const closers: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const close of closers) await close()
  const keys = await blocking.keys(`${runPrefix}*`)
  if (keys.length) await blocking.del(...keys)
  connection.disconnect()
  blocking.disconnect()
})

let prefixes = 0
/** Producers on a prefix of their own (so each test's queues start empty), and what they log. */
function producers(options: { connection?: Redis; enqueueTimeoutMs?: number } = {}) {
  const prefix = `${runPrefix}_${++prefixes}`
  const warnings: { details: object; message: string }[] = []
  const logger = { warn: (details: object, message: string) => warnings.push({ details, message }) }
  const common = { connection: options.connection ?? connection, prefix, logger }
  const grading = createGradingProducer({ ...common, enqueueTimeoutMs: options.enqueueTimeoutMs })
  const summaries = createSummaryProducer({ ...common, enqueueTimeoutMs: options.enqueueTimeoutMs })
  closers.push(grading.close, summaries.close)
  return { prefix, grading, summaries, warnings }
}

/** Takes the queue's next job and fails it for good, as a worker would (manual processing). */
async function failNextJob(queueName: string, prefix: string) {
  const worker = new Worker(queueName, null, { connection: blocking, prefix, autorun: false })
  try {
    const job = await worker.getNextJob('test-token')
    if (!job) throw new Error('no job to fail')
    await job.moveToFailed(new UnrecoverableError('broken for good'), 'test-token')
    return job.id
  } finally {
    await worker.close()
  }
}

/** The Redis commands `work` sends on the producers' connection. */
async function commandsSentBy(work: () => Promise<unknown>) {
  const sent: string[] = []
  const send = connection.sendCommand
  connection.sendCommand = function (this: Redis, command, ...rest) {
    sent.push(command.name)
    return send.call(this, command, ...rest)
  } as typeof send
  try {
    await work()
  } finally {
    connection.sendCommand = send
  }
  return sent
}

describe('the grading producer', () => {
  test('a submit (one answer) is one Redis script call', async () => {
    const { grading } = producers()
    await grading.enqueueGrading([randomUUID()]) // loads the scripts and connects
    const answerId = randomUUID()
    const sent = await commandsSentBy(() => grading.enqueueGrading([answerId]))
    expect(sent).toEqual(['evalsha'])
    expect((await grading.queue.getJob(answerId))?.data).toEqual({ answer_id: answerId })
  })

  test('submits of one tick share one round trip (a pipeline), each answer one job', async () => {
    const { grading } = producers({ enqueueTimeoutMs: 30_000 }) // a slow machine must not time out
    await grading.enqueueGrading([randomUUID()]) // loads the scripts and connects
    const ids = Array.from({ length: 20 }, () => randomUUID())
    const pipeline = connection.pipeline
    let pipelines = 0
    connection.pipeline = function (this: Redis, ...args: Parameters<typeof pipeline>) {
      pipelines++
      return pipeline.apply(this, args)
    } as typeof pipeline
    const sent = await commandsSentBy(() =>
      Promise.all(ids.map((id) => grading.enqueueGrading([id]))),
    ).finally(() => {
      connection.pipeline = pipeline
    })
    // One pipeline (BullMQ's addBulk) holding every submit's script call: one round trip.
    expect(pipelines).toBe(1)
    expect(sent).toEqual(ids.map(() => 'evalsha'))
    const jobs = await Promise.all(ids.map((id) => grading.queue.getJob(id)))
    expect(jobs.map((job) => job?.data)).toEqual(ids.map((id) => ({ answer_id: id })))
  })

  test('several answers, and a regrade under its revision, are each one job', async () => {
    const { grading } = producers()
    const ids = [randomUUID(), randomUUID(), randomUUID()]
    await grading.enqueueGrading(ids)
    await grading.enqueueGrading(ids.slice(0, 2), { revision: 2 })
    await grading.enqueueGrading(ids) // already waiting: not duplicated
    expect(await grading.queue.getJobCountByTypes('waiting')).toBe(5)
    expect((await grading.queue.getJob(GradeAnswerJob.jobId(ids[0] ?? '', 2)))?.data).toEqual({
      answer_id: ids[0],
      revision: 2,
    })
  })

  test('a finished job under the same id: only a requeue (the reconciler) replaces it', async () => {
    const { grading, prefix } = producers()
    const answerId = randomUUID()
    await grading.enqueueGrading([answerId])
    expect(await failNextJob(GRADING_QUEUE, prefix)).toBe(answerId)
    // BullMQ keeps the failed job for the dashboard, and dedupes a plain add against it.
    await grading.enqueueGrading([answerId])
    expect(await grading.queue.getJobState(answerId)).toBe('failed')
    const sent = await commandsSentBy(() => grading.enqueueGrading([answerId], { requeue: true }))
    expect(sent.length).toBeGreaterThan(1) // the state read and the removal come first
    expect(await grading.queue.getJobState(answerId)).toBe('waiting')
    expect((await grading.queue.getJob(answerId))?.failedReason).toBeFalsy()
  })

  test('never throws: bad ids and an unreachable Redis are logged, and close still returns', async () => {
    const { grading, warnings } = producers()
    await grading.enqueueGrading(['not-a-uuid'])
    expect(warnings[0]?.message).toContain('could not queue answers for grading')
    expect(warnings[0]?.details).toMatchObject({ answer_ids: ['not-a-uuid'] })

    const unreachable = createProducerConnection('redis://127.0.0.1:1')
    const down = producers({ connection: unreachable, enqueueTimeoutMs: 300 })
    const started = performance.now()
    await down.grading.enqueueGrading([randomUUID()], { requeue: true })
    await down.summaries.enqueueSummaries([{ sessionId: randomUUID(), revision: 0 }])
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(down.warnings.map((w) => w.message)).toEqual([
      'could not queue answers for grading; the reconciler will',
      'could not queue summaries; the reconciler will',
    ])
    await Promise.all([down.grading.close(), down.summaries.close()])
    unreachable.disconnect()
  })
})

describe('the summary producer', () => {
  test('a summary owed again replaces the finished job under its id', async () => {
    const { summaries, prefix } = producers()
    const sessionId = randomUUID()
    const jobId = SummarizeSessionJob.jobId(sessionId, 1)
    await summaries.enqueueSummaries([{ sessionId, revision: 1 }])
    expect(await failNextJob(SUMMARY_QUEUE, prefix)).toBe(jobId)
    await summaries.enqueueSummaries([{ sessionId, revision: 1 }])
    expect(await summaries.queue.getJobState(jobId)).toBe('waiting')
    expect((await summaries.queue.getJob(jobId))?.data).toEqual({
      session_id: sessionId,
      revision: 1,
    })
  })
})
