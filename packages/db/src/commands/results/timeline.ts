import { IntegrityEventType, NotFoundError } from '@assess/core'
import { and, asc, count, desc, eq, notInArray, sql } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { cursorTimestamp, decodeCursor, encodeCursor } from '../../cursor.ts'
import { sessionEvents, testSessions, users } from '../../schema/index.ts'

/** Events per page of a session's timeline (the report carries the first page). */
export const TIMELINE_PAGE = 200

export interface TimelineEvent {
  type: string
  at: Date
  data: unknown
  /** The staff member behind a recruiter's action (data.by_user_id), when they still exist. */
  actor: { name: string; email: string } | null
}

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'

export interface TimelinePage {
  events: TimelineEvent[]
  nextCursor: string | null
}

const EVENT_ID = /^\d{1,18}$/

/** Session events with the staff member behind each recruiter's action. */
function eventsWithActors(db: Db) {
  return (
    db
      .select({
        id: sessionEvents.id,
        type: sessionEvents.type,
        at: sessionEvents.at,
        atText: cursorTimestamp(sessionEvents.at),
        data: sessionEvents.data,
        actorName: users.name,
        actorEmail: users.email,
      })
      .from(sessionEvents)
      // Only server-written events name an actor: a client's integrity data is never trusted.
      .leftJoin(
        users,
        and(
          eq(users.orgId, sessionEvents.orgId),
          notInArray(sessionEvents.type, IntegrityEventType.options),
          sql`${users.id} = CASE WHEN ${sessionEvents.data}->>'by_user_id' ~ ${UUID}
            THEN (${sessionEvents.data}->>'by_user_id')::uuid END`,
        ),
      )
      .$dynamic()
  )
}

const timelineEvent = (row: {
  type: string
  at: Date
  data: unknown
  actorName: string | null
  actorEmail: string | null
}): TimelineEvent => ({
  type: row.type,
  at: row.at,
  data: row.data,
  actor: row.actorEmail === null ? null : { name: row.actorName ?? '', email: row.actorEmail },
})

/** The session's latest event of `type` (e.g. who cancelled it and why), or null. */
export async function latestEvent(db: Db, sessionId: string, type: string) {
  const [row] = await eventsWithActors(db)
    .where(and(eq(sessionEvents.sessionId, sessionId), eq(sessionEvents.type, type)))
    .orderBy(desc(sessionEvents.at), desc(sessionEvents.id))
    .limit(1)
  return row ? timelineEvent(row) : null
}

/** One page of the timeline, oldest first. The caller has checked the session is theirs. */
export async function timelinePage(
  db: Db,
  params: { sessionId: string; cursor?: string | undefined; limit?: number | undefined },
): Promise<TimelinePage> {
  const limit = params.limit ?? TIMELINE_PAGE
  // Oldest first by the server's time, then by id: stable while events are being added.
  const after = params.cursor ? decodeCursor(params.cursor, EVENT_ID) : null
  const rows = await eventsWithActors(db)
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
    events: page.map(timelineEvent),
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

/** Pastes per question (what the integrity log recorded while it was on screen). */
export async function pastesByQuestion(
  db: Db,
  sessionId: string,
): Promise<Map<string, { count: number; characters: number }>> {
  const rows = await db
    .select({
      questionId: sql<string>`${sessionEvents.data}->>'question_id'`,
      n: count(),
      characters: sql<number>`coalesce(sum((${sessionEvents.data}->>'length')::int), 0)::int`,
    })
    .from(sessionEvents)
    .where(
      and(
        eq(sessionEvents.sessionId, sessionId),
        eq(sessionEvents.type, 'paste'),
        sql`${sessionEvents.data} ? 'question_id'`,
      ),
    )
    .groupBy(sql`${sessionEvents.data}->>'question_id'`)
  return new Map(rows.map((r) => [r.questionId, { count: r.n, characters: r.characters }]))
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
