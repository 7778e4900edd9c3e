import { type Database, type DbHandle, pendingEmailIds } from '@assess/db'
import type { Logger } from 'pino'
import { messageOf } from '../processors/context.ts'
import { startRelayLoop } from '../relay-loop.ts'

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
  return startRelayLoop({
    sql: options.sql,
    channel: 'email_outbox',
    everyMs: options.everyMs,
    logger,
    async pass(scope) {
      try {
        const ids = await pendingEmailIds(options.db, {
          limit: BATCH,
          untriedOnly: scope === 'new',
        })
        await options.enqueueEmails(ids)
      } catch (err) {
        logger.warn({ err: messageOf(err) }, 'email relay pass failed; the next one retries')
      }
    },
  })
}
