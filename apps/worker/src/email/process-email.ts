import { EMAIL_KINDS, EmailData, type EmailKind, SendEmailJob } from '@assess/core'
import {
  cancelOutboxEmail,
  type Database,
  getOutboxEmail,
  markEmailSent,
  recordEmailFailure,
} from '@assess/db'
import { type Job, UnrecoverableError } from 'bullmq'
import type { Logger } from 'pino'
import { emailsTotal } from '../metrics.ts'
import { messageOf } from '../processors/context.ts'
import { isPermanentRejection, type Mailer } from './mailer.ts'
import { renderEmail } from './templates.ts'

export interface EmailDeps {
  db: Database
  mailer: Mailer
  now: () => Date
  logger: Logger
  /** The pause before the relay queues a row again after its n-th failed run (tests: ms). */
  pauseAfterRunMs?: (run: number) => number
}

/**
 * `send-email`: one outbox row. The row is re-read, so a job queued twice, or for a row sent or
 * failed meanwhile, does nothing. A failed attempt is counted on the row and rethrown for
 * BullMQ's backoff; after the job's last attempt the row stays pending for the relay to queue
 * again, until it is a day old. A refusal that retrying cannot change (invalid data, a 5xx to the
 * recipient or the message) marks the row failed at once. Delivery is at least once: an
 * email sent whose `sent` could not be recorded is sent again by the retry.
 */
export async function processSendEmail(deps: EmailDeps, job: Job) {
  const { outbox_id: id } = SendEmailJob.schema.parse(job.data)
  const row = await getOutboxEmail(deps.db, id)
  if (!row) return { skipped: 'row gone' }
  if (row.status !== 'pending') return { skipped: `already ${row.status}` }
  // An invitation's link that expired while the email waited (SMTP down, say) would be dead.
  const expiresAt = (row.data as { expires_at?: unknown } | null)?.expires_at
  if (typeof expiresAt === 'string' && Date.parse(expiresAt) <= deps.now().getTime()) {
    await cancelOutboxEmail(deps.db, {
      id,
      reason: 'the invitation had expired before the email could be sent',
    })
    emailsTotal.inc({ outcome: 'cancelled' })
    deps.logger.info({ outbox_id: id, kind: row.kind }, 'email not sent: its link has expired')
    return { skipped: 'link expired' }
  }

  let rendered: ReturnType<typeof renderEmail>
  try {
    rendered = render(row.kind, row.data)
  } catch (err) {
    return failForGood(deps, id, `cannot render: ${messageOf(err)}`)
  }
  try {
    await deps.mailer.send({ to: row.toAddress, ...rendered })
  } catch (err) {
    if (isPermanentRejection(err)) return failForGood(deps, id, messageOf(err))
    // The job's last attempt ends this run; the row stays pending (an SMTP outage is not an
    // email lost) and the relay queues it again after a pause, until it is a day old.
    const runAttempts = job.opts.attempts ?? 1
    const lastAttempt = job.attemptsMade + 1 >= runAttempts
    const age = deps.now().getTime() - row.createdAt.getTime()
    const giveUp = lastAttempt && age >= SendEmailJob.giveUpAfterMs
    const run = Math.ceil((row.attempts + 1) / runAttempts)
    const pause = (deps.pauseAfterRunMs ?? SendEmailJob.pauseAfterRunMs)(run)
    await recordEmailFailure(deps.db, {
      id,
      error: messageOf(err),
      final: giveUp,
      retryAt: lastAttempt && !giveUp ? new Date(deps.now().getTime() + pause) : undefined,
    })
    emailsTotal.inc({ outcome: giveUp ? 'failed' : 'retrying' })
    deps.logger.warn(
      { outbox_id: id, kind: row.kind, attempt: job.attemptsMade + 1, err: messageOf(err) },
      giveUp
        ? 'email failed for good: still failing a day after it was written'
        : lastAttempt
          ? 'email attempts used up for now; the relay queues it again'
          : 'email attempt failed; retrying',
    )
    throw err
  }
  if (!(await markEmailSent(deps.db, { id, now: deps.now() })))
    deps.logger.warn({ outbox_id: id, kind: row.kind }, 'email sent, but its outbox row is gone')
  emailsTotal.inc({ outcome: 'sent' })
  return { sent: row.kind }
}

function render(kind: string, data: unknown) {
  if (!EMAIL_KINDS.includes(kind as EmailKind)) throw new Error(`unknown kind ${kind}`)
  const valid = EmailData[kind as EmailKind].safeParse(data)
  if (!valid.success) throw new Error(`invalid data: ${valid.error.message}`)
  return renderEmail(kind as EmailKind, valid.data)
}

async function failForGood(deps: EmailDeps, id: string, error: string): Promise<never> {
  await recordEmailFailure(deps.db, { id, error, final: true })
  emailsTotal.inc({ outcome: 'failed' })
  deps.logger.warn({ outbox_id: id, err: error }, 'email refused for good; not retried')
  throw new UnrecoverableError(error)
}
