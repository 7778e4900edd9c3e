import type { DraftVersions } from '@assess/core'
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../client.ts'
import { sessionDrafts } from '../../schema/index.ts'

/** A session's drafts by question id, and their versions (a cleared draft keeps its version). */
export interface SessionDrafts {
  answers: Record<string, unknown>
  versions: DraftVersions
}

export interface DraftRow {
  questionId: string
  draft: unknown
  rev: number
  leaseId: string | null
  writeId: string | null
}

export function draftsOf(rows: DraftRow[]): SessionDrafts {
  const drafts: SessionDrafts = { answers: {}, versions: {} }
  for (const row of rows) {
    if (row.draft !== null) drafts.answers[row.questionId] = row.draft
    drafts.versions[row.questionId] = {
      rev: row.rev,
      lease: row.leaseId,
      ...(row.writeId !== null && { write: row.writeId }),
    }
  }
  return drafts
}

const draftColumns = {
  questionId: sessionDrafts.questionId,
  draft: sessionDrafts.draft,
  rev: sessionDrafts.rev,
  leaseId: sessionDrafts.leaseId,
  writeId: sessionDrafts.writeId,
}

/** The session's drafts, or only those of `questionIds`. */
export async function loadDrafts(
  db: Db,
  sessionId: string,
  questionIds?: string[],
): Promise<SessionDrafts> {
  if (questionIds?.length === 0) return { answers: {}, versions: {} }
  const rows = await db
    .select(draftColumns)
    .from(sessionDrafts)
    .where(
      and(
        eq(sessionDrafts.sessionId, sessionId),
        questionIds && inArray(sessionDrafts.questionId, questionIds),
      ),
    )
  return draftsOf(rows)
}

/** An answered question keeps no draft: the answer is final. All of them when no ids are given. */
export async function dropDrafts(db: Db, sessionId: string, questionIds?: string[]) {
  if (questionIds?.length === 0) return
  await db
    .delete(sessionDrafts)
    .where(
      and(
        eq(sessionDrafts.sessionId, sessionId),
        questionIds && inArray(sessionDrafts.questionId, questionIds),
      ),
    )
}
