import type { Transaction } from '../../client.ts'
import { sessionEvents } from '../../schema/index.ts'
import type { SessionRow } from './types.ts'

export interface SessionEventInput {
  type: string
  data?: Record<string, unknown>
  clientAt?: Date | null
}

export async function logEvents(
  tx: Transaction,
  session: SessionRow,
  at: Date,
  events: SessionEventInput[],
) {
  if (events.length === 0) return
  await tx.insert(sessionEvents).values(
    events.map((e) => ({
      orgId: session.orgId,
      sessionId: session.id,
      type: e.type,
      at,
      clientAt: e.clientAt ?? null,
      data: e.data ?? {},
    })),
  )
}
