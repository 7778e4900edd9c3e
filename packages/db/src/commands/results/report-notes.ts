import { NotFoundError } from '@assess/core'
import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { reportNotes, testSessions, users } from '../../schema/index.ts'
import { inTransaction } from '../../transaction.ts'

export interface ReportNote {
  id: string
  body: string
  author: { id: string; name: string; email: string }
  createdAt: Date
}

/**
 * The organization's session, else a 404 (another organization's id says nothing). `lock`: held
 * until the caller's transaction ends, so the session cannot be deleted under a note being added.
 */
async function assertOwnSession(db: Db, orgId: string, sessionId: string, lock = false) {
  const query = db
    .select({ id: testSessions.id })
    .from(testSessions)
    .where(and(eq(testSessions.id, sessionId), eq(testSessions.orgId, orgId)))
  const [session] = lock ? await query.for('key share') : await query
  if (!session) throw new NotFoundError('session_not_found', 'Session not found')
}

const noteColumns = {
  id: reportNotes.id,
  body: reportNotes.body,
  createdAt: reportNotes.createdAt,
  author: { id: users.id, name: users.name, email: users.email },
}

/** A session's notes, oldest first, with who wrote each. */
export async function listReportNotes(
  db: Db,
  params: { orgId: string; sessionId: string },
): Promise<ReportNote[]> {
  await assertOwnSession(db, params.orgId, params.sessionId)
  return db
    .select(noteColumns)
    .from(reportNotes)
    .innerJoin(users, eq(users.id, reportNotes.authorId))
    .where(and(eq(reportNotes.sessionId, params.sessionId), eq(reportNotes.orgId, params.orgId)))
    .orderBy(asc(reportNotes.createdAt), asc(reportNotes.id))
}

/** A recruiter's note on a session's report (the organization's only). */
export function addReportNote(
  db: Db,
  params: { orgId: string; sessionId: string; authorId: string; body: string; now: Date },
): Promise<ReportNote> {
  return inTransaction(db, async (tx) => {
    await assertOwnSession(tx, params.orgId, params.sessionId, true)
    const [note] = await tx
      .insert(reportNotes)
      .values({
        orgId: params.orgId,
        sessionId: params.sessionId,
        authorId: params.authorId,
        body: params.body,
        createdAt: params.now,
      })
      .returning({ id: reportNotes.id })
    const [saved] = await tx
      .select(noteColumns)
      .from(reportNotes)
      .innerJoin(users, eq(users.id, reportNotes.authorId))
      .where(eq(reportNotes.id, note?.id ?? ''))
    if (!saved) throw new Error('note not saved')
    return saved
  })
}
