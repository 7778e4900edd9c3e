import { afterAll, beforeAll, expect, test } from 'bun:test'
import {
  heartbeat,
  pipelinedTransaction,
  recordActivity,
  type SessionContext,
  saveProgress,
} from '@assess/db'
import { createStaff, oneMcq, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

/**
 * Runs `touch` on one connection inside a transaction that is rolled back, and says how it
 * updated test_sessions. Postgres's counts are the connection's not yet reported (earlier
 * transactions' too): the difference across `touch`, inside the transaction, is its own.
 */
const updatesOf = (touch: (ctx: SessionContext) => Promise<unknown>) =>
  pipelinedTransaction(t.sql, async ({ sql, db }) => {
    const counts = async () => {
      const [row] = await sql<{ updated: number; hot: number }[]>`
        SELECT pg_stat_get_xact_tuples_updated('test_sessions'::regclass)::int AS updated,
          pg_stat_get_xact_tuples_hot_updated('test_sessions'::regclass)::int AS hot`
      if (!row) throw new Error('no counts')
      return row
    }
    const before = await counts()
    await touch({ db: db(), now: t.clock.now, queue: { enqueueGrading: async () => {} } })
    const after = await counts()
    // Never committed: rolled back.
    return { updated: after.updated - before.updated, hot: after.hot - before.hot }
  })

/**
 * Whether a row's current version was written by a HOT update: a heap-only tuple, which no
 * index points to (pageinspect reads the flag off the row's page). Unlike the statistics above,
 * this reads a committed call's work.
 */
async function heapOnly(table: 'test_sessions' | 'session_drafts', where: string, id: string) {
  const [row] = await t.sql<{ heap_only: boolean }[]>`
    SELECT (i.t_infomask2 & 32768) <> 0 AS heap_only -- HEAP_ONLY_TUPLE
    FROM ${t.sql(table)} r,
      heap_page_items(get_raw_page(${table}, (r.ctid::text::point)[0]::int)) i
    WHERE r.${t.sql(where)} = ${id} AND i.lp = (r.ctid::text::point)[1]::int`
  return row?.heap_only
}

/** A candidate in a session, and the scope the session commands take. */
async function candidate() {
  const c = await startCandidate(t, (await createStaff(t)).actor, {
    assessment: { navigation: 'free', questions: [oneMcq(), oneMcq('Second')] },
  })
  const call = {
    sessionId: c.sessionId,
    candidateId: c.invitation.candidateId,
    assessmentId: c.invitation.assessmentId,
    invitationId: c.invitation.id,
    leaseId: c.lease,
  }
  return { c, call }
}

// A session row is rewritten every few seconds per candidate: an update that changes an indexed
// column is not HOT, and adds an entry to every index of the table (migration 0017). These are
// the one-statement paths (a lease is sent, nothing is due): the full path would open a drizzle
// transaction, which the reserved connection cannot, and fail the test.
test('a heartbeat and an activity ping rewrite the session row in place', async () => {
  const { call } = await candidate()
  // Later than the start, so every column the touches stamp changes value.
  t.clock.advance(5_000)
  expect(await updatesOf((ctx) => heartbeat(ctx, call))).toEqual({ updated: 1, hot: 1 })
  expect(await updatesOf((ctx) => recordActivity(ctx, call))).toEqual({ updated: 1, hot: 1 })
})

// A typing candidate saves a draft a second: the session row and the draft's own row are both
// rewritten in place. The save runs in a transaction of the test's, committed, so it is read
// after: one statement, as the full path (a drizzle transaction) cannot run there.
test('a draft save rewrites the session row and, saved again, the draft row in place', async () => {
  await t.sql`CREATE EXTENSION IF NOT EXISTS pageinspect`
  const { c, call } = await candidate()
  const question = c.state.question.id as string
  const save = (choice: string) => {
    t.clock.advance(5_000)
    const input = { pending_answers: { [question]: { choice_ids: [choice] } } }
    return pipelinedTransaction(t.sql, async ({ db, commitWith }) => {
      const ctx = { db: db(), now: t.clock.now, queue: { enqueueGrading: async () => {} } }
      const saved = await saveProgress(ctx, { ...call, input })
      await commitWith(Promise.resolve())
      return saved.drafts
    })
  }
  expect(await save('a')).toEqual({ saved: { [question]: 1 }, conflicts: {} })
  expect(await heapOnly('test_sessions', 'id', c.sessionId)).toBe(true)
  expect(await save('b')).toEqual({ saved: { [question]: 2 }, conflicts: {} })
  expect(await heapOnly('test_sessions', 'id', c.sessionId)).toBe(true)
  expect(await heapOnly('session_drafts', 'session_id', c.sessionId)).toBe(true)
})
