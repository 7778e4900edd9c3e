import type { DbHandle } from '@assess/db'
import type { Logger } from 'pino'
import { messageOf } from './processors/context.ts'

/** What a pass covers: only rows just written ('new', on a notification), or everything ('all'). */
export type RelayScope = 'all' | 'new'

/**
 * The scheduling every Postgres → queue relay shares: a pass on each notification on `channel`
 * ('new'), one every `everyMs` and one whenever LISTEN (re)connects ('all'). One pass at a time;
 * triggers during a pass coalesce into one more, 'all' winning. Without LISTEN, it polls.
 */
export async function startRelayLoop(options: {
  /** The worker's postgres.js pool: LISTEN takes a connection of its own from it. */
  sql: DbHandle['sql']
  channel: string
  everyMs: number
  /** One pass; it must not throw (a failed pass logs, and the next one retries). A long pass
   * checks `stopping()` between batches. */
  pass: (scope: RelayScope, stopping: () => boolean) => Promise<void>
  logger: Logger
}) {
  let running: Promise<void> | null = null
  let next: RelayScope | null = null
  let stopped = false

  function trigger(scope: RelayScope) {
    if (stopped) return
    if (running) {
      next = next === 'all' || scope === 'all' ? 'all' : 'new'
      return
    }
    running = options
      .pass(scope, () => stopped)
      .finally(() => {
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
      options.channel,
      () => trigger('new'),
      () => trigger('all'),
    )
  } catch (err) {
    // The periodic pass still relays everything, a few seconds later.
    options.logger.warn(
      { err: messageOf(err) },
      `cannot LISTEN on ${options.channel}; relaying by polling`,
    )
    trigger('all')
  }

  return {
    /** Runs a full pass now (and waits for it). */
    async flush() {
      trigger('all')
      while (running) await running
    },
    /** No pass starts after this; the one running finishes. */
    async close() {
      stopped = true
      clearInterval(timer)
      await listener?.unlisten().catch(() => {})
      while (running) await running
    },
  }
}
