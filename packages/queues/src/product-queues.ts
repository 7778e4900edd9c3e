import { ALL_QUEUES } from '@assess/core'
import { Queue } from 'bullmq'
import Redis from 'ioredis'

/** Handles on every queue of the product, for looking at them (ops dashboard, metrics). */
export interface ProductQueues {
  readonly all: readonly Queue[]
  close(): Promise<void>
}

/**
 * One Queue per product queue (ALL_QUEUES) under the deployment's key prefix, on one connection
 * of their own that fails fast: a scrape or a dashboard page must not hang while Redis is down.
 */
export function openProductQueues(options: { redisUrl: string; prefix: string }): ProductQueues {
  const connection = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  })
  connection.on('error', () => {}) // whoever reads the queues reports the failure
  const all = ALL_QUEUES.map((name) => {
    const queue = new Queue(name, { connection, prefix: options.prefix })
    queue.on('error', () => {})
    return queue
  })
  return {
    all,
    async close() {
      await Promise.allSettled(all.map((queue) => queue.close()))
      connection.disconnect()
    },
  }
}
