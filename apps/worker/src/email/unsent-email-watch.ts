import { type Database, pendingEmailBacklog } from '@assess/db'
import type { Logger } from 'pino'
import { emailOutboxPendingGauge } from '../metrics.ts'
import { messageOf } from '../processors/context.ts'

/** Pending this long, an email is not being sent by anyone (a worker with SMTP would have). */
const STALE_MS = 5 * 60_000

/**
 * A worker without SMTP_URL sends nothing, yet an API with SMTP_URL still queues emails: they
 * would wait unseen. This reports them: the `assess_email_outbox_pending` gauge, and a warning
 * whenever more pile up once the oldest has waited STALE_MS (before that, another worker may be
 * sending them). An invitation's email is cancelled when it is revoked or found expired, so
 * setting SMTP_URL later sends no dead links.
 */
export async function startUnsentEmailWatch(options: {
  db: Database
  everyMs: number
  logger: Logger
}) {
  const gauge = emailOutboxPendingGauge()
  let warnedAt = 0
  async function check() {
    try {
      const { count, oldest } = await pendingEmailBacklog(options.db)
      gauge.set(count)
      const stale = oldest !== null && Date.now() - oldest.getTime() >= STALE_MS
      if (stale && count > warnedAt)
        options.logger.warn(
          { pending: count, oldest: oldest?.toISOString() },
          'emails are waiting in the outbox but this worker has no SMTP_URL: set it to send them',
        )
      if (stale || count === 0) warnedAt = count
    } catch (err) {
      options.logger.warn({ err: messageOf(err) }, 'could not count unsent emails')
    }
  }
  await check()
  const timer = setInterval(check, options.everyMs)
  return {
    close: async () => {
      clearInterval(timer)
    },
  }
}
