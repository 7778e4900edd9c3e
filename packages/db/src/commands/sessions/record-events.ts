import type { EventsInput } from '@assess/core'
import { ValidationError } from '@assess/core'
import { logEvents } from './events.ts'
import { assertActive, assertLease } from './lease.ts'
import type { CandidateScope, SessionContext } from './types.ts'
import { withSession } from './with-session.ts'

const MAX_EVENT_DATA_BYTES = 2048

/** Integrity signals from the client (tab hidden, paste, ...): stored for the recruiter's timeline. */
export function recordEvents(
  ctx: SessionContext,
  params: CandidateScope & {
    leaseId: string | undefined
    input: EventsInput
  },
): Promise<{ accepted: number }> {
  const oversized = params.input.events.findIndex(
    (e) => JSON.stringify(e.data ?? {}).length > MAX_EVENT_DATA_BYTES,
  )
  if (oversized !== -1)
    throw new ValidationError('validation_failed', 'An event carries too much data', {
      fields: { [`events.${oversized}.data`]: [`at most ${MAX_EVENT_DATA_BYTES} bytes`] },
    })
  return withSession(ctx, params, async (touch) => {
    assertActive(touch.session)
    assertLease(touch.session, params.leaseId)
    await logEvents(
      touch.tx,
      touch.session,
      touch.now,
      params.input.events.map((e) => ({
        type: e.type,
        data: e.data ?? {},
        clientAt: e.at ? new Date(e.at) : null,
      })),
    )
    return { accepted: params.input.events.length }
  })
}
