import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { CODE_RUNS_QUEUE, type RunCodeJobData } from '@assess/core'
import { Queue } from 'bullmq'
import Redis from 'ioredis'
import { CodeRunUnavailableError, createCodeRunClient, startCodeRunWorker } from './code-runs.ts'
import { createProducerConnection } from './enqueue.ts'

// Real Redis on a busy machine; the unreachable-Redis case waits out its own deadline.
setDefaultTimeout(30_000)

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = `assess_test_code_runs_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
const producer = createProducerConnection(redisUrl)
const blocking = new Redis(redisUrl, { maxRetriesPerRequest: null })
const closers: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const close of closers) await close()
  const keys = await blocking.keys(`${prefix}*`)
  if (keys.length) await blocking.del(...keys)
  producer.disconnect()
  blocking.disconnect()
})

const data: RunCodeJobData = {
  spec: { type: 'code', style: 'stdio', languages: ['c'] },
  language: 'c',
  code: 'int main(void) { return 0; }',
  which: 'samples',
}

function client(p = prefix) {
  const c = createCodeRunClient({
    connection: producer,
    eventsConnection: { url: redisUrl, maxRetriesPerRequest: null },
    prefix: p,
  })
  closers.push(c.close)
  return c
}

describe('the code-runs queue', () => {
  test('a run comes back with what the worker returned', async () => {
    const seen: RunCodeJobData[] = []
    const worker = startCodeRunWorker({
      connection: blocking,
      prefix,
      concurrency: 2,
      run: async (job) => {
        seen.push(job)
        return { ok: true, echo: job.code }
      },
    })
    closers.push(() => worker.close())
    const result = await client().run(data, 20_000)
    expect(result).toEqual({ ok: true, echo: data.code })
    expect(seen).toEqual([data])
  })

  test('no worker: unavailable once the deadline passes, and the run is withdrawn', async () => {
    const alone = `${prefix}_alone`
    await expect(client(alone).run(data, 500)).rejects.toBeInstanceOf(CodeRunUnavailableError)
    const queue = new Queue(CODE_RUNS_QUEUE, { connection: blocking, prefix: alone })
    expect(await queue.getJobCounts('waiting', 'active')).toEqual({ waiting: 0, active: 0 })
    await queue.close()
  })

  test('Redis unreachable: the same deadline holds, connecting included', async () => {
    const nowhere = { host: '127.0.0.1', port: 1, maxRetriesPerRequest: null, connectTimeout: 200 }
    const c = createCodeRunClient({
      connection: createProducerConnection('redis://127.0.0.1:1'),
      eventsConnection: nowhere,
      prefix,
    })
    const started = performance.now()
    await expect(c.run(data, 1000)).rejects.toBeInstanceOf(CodeRunUnavailableError)
    // It gave up at its own deadline, not after Redis's reconnect attempts ran out.
    expect(performance.now() - started).toBeLessThan(10_000)
    await c.close()
  })
})
