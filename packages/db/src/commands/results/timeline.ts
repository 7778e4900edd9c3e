import { NotFoundError } from '@assess/core'
import { and, asc, count, eq, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { cursorTimestamp, decodeCursor, encodeCursor } from '../../cursor.ts'
import { sessionEvents, testSessions } from '../../schema/index.ts'

/** Events per page of a session's timeline (the report carries the first page). */
export const TIMELINE_PAGE = 200

export interface TimelineEvent {
  type: string
  at: Date
  data: unknown
}

export interface TimelinePage {
  events: TimelineEvent[]
  nextCursor: string | null
}

const EVENT_ID = /^\d{1,18}$/

/** One page of the timeline, oldest first. The caller has checked the session is theirs. */
export async function timelinePage(
  db: Db,
  params: { sessionId: string; cursor?: string | undefined; limit?: number | undefined },
): Promise<TimelinePage> {
  const limit = params.limit ?? TIMELINE_PAGE
  // Oldest first by the server's time, then by id: stable while events are being added.
  const after = params.cursor ? decodeCursor(params.cursor, EVENT_ID) : null
  const rows = await db
    .select({
      id: sessionEvents.id,
      type: sessionEvents.type,
      at: sessionEvents.at,
      atText: cursorTimestamp(sessionEvents.at),
      data: sessionEvents.data,
    })
    .from(sessionEvents)
    .where(
      and(
        eq(sessionEvents.sessionId, params.sessionId),
        after
          ? sql`(${sessionEvents.at}, ${sessionEvents.id}) > (${after.createdAt}::timestamptz, ${after.id}::bigint)`
          : undefined,
      ),
    )
    .orderBy(asc(sessionEvents.at), asc(sessionEvents.id))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    events: page.map(({ type, at, data }) => ({ type, at, data })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.atText, String(last.id)) : null,
  }
}

/** How many events of each type the session has: the timeline's summary. */
export async function timelineCounts(db: Db, sessionId: string) {
  const rows = await db
    .select({ type: sessionEvents.type, n: count() })
    .from(sessionEvents)
    .where(eq(sessionEvents.sessionId, sessionId))
    .groupBy(sessionEvents.type)
  return Object.fromEntries(rows.map((r) => [r.type, r.n]))
}

/** A page of an organization's session's timeline (another organization's session is a 404). */
export async function readTimeline(
  db: Db,
  params: { sessionId: string; orgId: string; cursor?: string | undefined; limit?: number },
): Promise<TimelinePage> {
  const [session] = await db
    .select({ id: testSessions.id })
    .from(testSessions)
    .where(and(eq(testSessions.id, params.sessionId), eq(testSessions.orgId, params.orgId)))
  if (!session) throw new NotFoundError('session_not_found', 'Session not found')
  return timelinePage(db, params)
}
