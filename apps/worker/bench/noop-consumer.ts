/**
 * The grading bench's reference: BullMQ alone, in a process of its own as the worker is, with
 * the grading worker's options and concurrency and a processor that does nothing. What it
 * reaches on this machine is the ceiling for one job per answer, whatever grading costs.
 * Usage: bun noop-consumer.ts <queue> <warm-up jobs> <jobs> <concurrency>; prints "ready", "warm"
 * once the warm-up jobs are done (the worker is warmed up too), then "done".
 */
import { Worker } from 'bullmq'
import Redis from 'ioredis'

const [queueName, warmUpText, jobsText, concurrencyText] = Bun.argv.slice(2)
const warmUp = Number(warmUpText)
const total = warmUp + Number(jobsText)
if (!queueName || !(warmUp >= 0) || !(total > warmUp))
  throw new Error('usage: noop-consumer.ts <queue> <warm-up jobs> <jobs> <concurrency>')
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  maxRetriesPerRequest: null,
})
let completed = 0
const worker = new Worker(queueName, async () => {}, {
  connection,
  prefix: process.env.REDIS_KEY_PREFIX ?? 'assess',
  concurrency: Number(concurrencyText),
  // As apps/worker/src/grading-workers.ts sets them (JOB_LOCK_MS's default).
  lockDuration: 30_000,
  stalledInterval: 30_000,
  maxStalledCount: 3,
})
worker.on('completed', () => {
  completed += 1
  if (completed === warmUp) console.log('warm')
  if (completed !== total) return
  console.log('done')
  void worker.close().then(() => connection.quit())
})
await worker.waitUntilReady()
console.log('ready')
if (warmUp === 0) console.log('warm')
