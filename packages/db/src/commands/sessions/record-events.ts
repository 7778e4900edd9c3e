import type { EventsInput } from '@assess/core'
import { RateLimitedError, ValidationError } from '@assess/core'
import { eq, sql } from 'drizzle-orm'
import { testSessions } from '../../schema/index.ts'
import { logEvents } from './events.ts'
import { assertActive, assertLease } from './lease.ts'
import type { CandidateScope, SessionContext } from './types.ts'
import { withSession } from './with-session.ts'

const MAX_EVENT_DATA_BYTES = 2048

/**
 * What one session may store of client events: far more than a real attempt sends (a few a
 * minute), far less than a script could (30 batches of 50 a minute, for hours).
 */
export const EVENT_CAP = { count: 2000, bytes: 1024 * 1024 }

export const eventCapReached = () =>
  new RateLimitedError(
    'event_cap_reached',
    `This attempt has sent the most integrity events it may (${EVENT_CAP.count} events or ${EVENT_CAP.bytes / 1024 / 1024} MiB); later ones are not stored`,
  )

/**
 * Integrity signals from the client (tab hidden, paste, ...): stored for the recruiter's timeline.
 * `admit` runs once the caller is known to own the session (a rate limit: nobody can spend
 * another candidate's budget). A batch that would pass the session's cap is not stored: the
 * cap itself is, once, as an integrity signal, and the call is a 429 `event_cap_reached`.
 */
export async function recordEvents(
  ctx: SessionContext,
  params: CandidateScope & {
    leaseId: string | undefined
    input: EventsInput
    admit?: () => Promise<void>
  },
): Promise<{ accepted: number }> {
  const sizes = params.input.events.map((e) => JSON.stringify(e.data ?? {}).length)
  const oversized = sizes.findIndex((bytes) => bytes > MAX_EVENT_DATA_BYTES)
  if (oversized !== -1)
    throw new ValidationError('validation_failed', 'An event carries too much data', {
      fields: { [`events.${oversized}.data`]: [`at most ${MAX_EVENT_DATA_BYTES} bytes`] },
    })
  const bytes = sizes.reduce((sum, n) => sum + n, 0)
  const count = params.input.events.length
  const outcome = await withSession(ctx, params, async ({ tx, session, now }) => {
    assertActive(session)
    assertLease(session, params.leaseId)
    await params.admit?.()
    // Once the cap is logged, the count is left one past it: every later batch is refused as is.
    if (session.integrityEventCount > EVENT_CAP.count) return 'capped' as const
    const reachesCap =
      session.integrityEventCount + count > EVENT_CAP.count ||
      session.integrityEventBytes + bytes > EVENT_CAP.bytes
    await tx
      .update(testSessions)
      .set(
        reachesCap
          ? { integrityEventCount: EVENT_CAP.count + 1 }
          : {
              integrityEventCount: sql`${testSessions.integrityEventCount} + ${count}`,
              integrityEventBytes: sql`${testSessions.integrityEventBytes} + ${bytes}`,
            },
      )
      .where(eq(testSessions.id, session.id))
    if (reachesCap) {
      await logEvents(tx, session, now, [
        {
          type: 'event_cap_reached',
          data: {
            stored_events: session.integrityEventCount,
            stored_bytes: session.integrityEventBytes,
          },
        },
      ])
      return 'capped' as const
    }
    await logEvents(
      tx,
      session,
      now,
      params.input.events.map((e) => ({
        type: e.type,
        data: e.data ?? {},
        clientAt: e.at ? new Date(e.at) : null,
      })),
    )
    return 'stored' as const
  })
  // Thrown after the transaction: a refusal from inside it would undo the cap's own record.
  if (outcome === 'capped') throw eventCapReached()
  return { accepted: count }
}
