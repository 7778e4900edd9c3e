import { type Database, pendingEmailBacklog } from '@assess/db'
import type { Logger } from 'pino'
import { emailOutboxPending } from '../metrics.ts'
import { messageOf } from '../processors/context.ts'

/**
 * A worker without SMTP_URL sends nothing, yet an API with SMTP_URL still queues emails: they
 * would wait unseen. This reports them: a warning at start and whenever more pile up, and the
 * `assess_email_outbox_pending` gauge. (An invitation's email is cancelled when it is revoked
 * or found expired, so setting SMTP_URL later sends no dead links.)
 */
export async function startUnsentEmailWatch(options: {
  db: Database
  everyMs: number
  logger: Logger
}) {
  let warnedAt = 0
  async function check() {
    try {
      const { count, oldest } = await pendingEmailBacklog(options.db)
      emailOutboxPending.set(count)
      if (count > warnedAt)
        options.logger.warn(
          { pending: count, oldest: oldest?.toISOString() },
          'emails are waiting in the outbox but this worker has no SMTP_URL: set it to send them',
        )
      warnedAt = count
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
