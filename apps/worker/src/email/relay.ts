import { type Database, type DbHandle, pendingEmailIds } from '@assess/db'
import type { Logger } from 'pino'
import { messageOf } from '../processors/context.ts'

/** Rows handed to the queue per pass, oldest first; the rest wait for the next passes. */
const BATCH = 500

/**
 * Moves pending `email_outbox` rows to the `emails` queue. An insert's notification (the
 * table's trigger does `pg_notify('email_outbox')`) queues the new rows at once; a pass every
 * `everyMs`, and one whenever LISTEN (re)connects, queues every pending row, so a row written
 * while Redis or this worker was down, or whose job was lost, is still sent. Queueing a row twice
 * is harmless: the job id is the row's, and the processor re-reads the row.
 */
export async function startEmailRelay(options: {
  db: Database
  /** The worker's postgres.js pool: LISTEN takes a connection of its own from it. */
  sql: DbHandle['sql']
  enqueueEmails: (ids: string[]) => Promise<void>
  everyMs: number
  logger: Logger
}) {
  const { logger } = options
  let running: Promise<void> | null = null
  // What the pass after the running one must cover: 'all' pending rows, or only 'new' ones.
  let next: 'all' | 'new' | null = null
  let stopped = false

  async function pass(scope: 'all' | 'new') {
    try {
      const ids = await pendingEmailIds(options.db, {
        limit: BATCH,
        untriedOnly: scope === 'new',
      })
      await options.enqueueEmails(ids)
    } catch (err) {
      logger.warn({ err: messageOf(err) }, 'email relay pass failed; the next one retries')
    }
  }
  // One pass at a time; triggers during a pass coalesce into one more.
  function trigger(scope: 'all' | 'new') {
    if (stopped) return
    if (running) {
      next = next === 'all' || scope === 'all' ? 'all' : 'new'
      return
    }
    running = pass(scope).finally(() => {
      running = null
      const again = next
      next = null
      if (again) trigger(again)
    })
  }

  const timer = setInterval(() => trigger('all'), options.everyMs)
  let listener: { unlisten: () => Promise<void> } | null = null
  try {
    listener = await options.sql.listen(
      'email_outbox',
      () => trigger('new'),
      () => trigger('all'),
    )
  } catch (err) {
    // The periodic pass still sends everything, a few seconds later.
    logger.warn({ err: messageOf(err) }, 'cannot LISTEN on email_outbox; relaying by polling')
    trigger('all')
  }

  return {
    /** Runs a pass over every pending row now (and waits for it). */
    async flush() {
      trigger('all')
      while (running) await running
    },
    async close() {
      stopped = true
      clearInterval(timer)
      await listener?.unlisten().catch(() => {})
      while (running) await running
    },
  }
}
