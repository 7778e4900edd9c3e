import { ValidationError } from '@assess/core'
import { type AnyColumn, sql } from 'drizzle-orm'

/**
 * Keyset cursors over (a timestamp, id): stable while rows are being added. Lists go newest
 * first (afterCursor); a session's timeline goes oldest first.
 */
// The timestamp travels as text with microseconds: a JS Date would truncate it and skip rows.
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `idFormat`: what the rows' ids look like (uuids, or a bigserial's digits). */
export function decodeCursor(cursor: string, idFormat = UUID): { createdAt: string; id: string } {
  const [createdAt = '', id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
  // A well-formed string can still name no instant (month 13, 99:99): Date is then NaN, and
  // one that rolls over (Feb 30 → Mar 2) is caught by comparing it back.
  const date = new Date(createdAt)
  const realDate =
    iso.test(createdAt) &&
    !Number.isNaN(date.getTime()) &&
    date.toISOString().slice(0, 19) === createdAt.slice(0, 19)
  if (!id || !idFormat.test(id) || !realDate)
    throw new ValidationError('invalid_cursor', 'The cursor is not valid', {
      fields: { cursor: ['not a cursor this API returned'] },
    })
  return { createdAt, id }
}

/** The created_at column as the text a cursor carries. */
export const cursorTimestamp = (column: AnyColumn) =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/** Rows strictly after the cursor in (created_at desc, id desc) order. */
export const afterCursor = (createdAt: AnyColumn, id: AnyColumn, cursor: string) => {
  const after = decodeCursor(cursor)
  return sql`(${createdAt}, ${id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
}
