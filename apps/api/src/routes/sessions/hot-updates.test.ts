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

// A session row is rewritten every few seconds per candidate: an update that changes an indexed
// column is not HOT, and adds an entry to every index of the table (migration 0017). These are
// the one-statement paths (a lease is sent, nothing is due): the full path would open a drizzle
// transaction, which the reserved connection cannot, and fail the test.
test('a heartbeat, an activity ping and a draft save rewrite the session row in place', async () => {
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
  const question = c.state.question.id as string
  // Later than the start, so every column the touches stamp changes value.
  t.clock.advance(5_000)

  expect(await updatesOf((ctx) => heartbeat(ctx, call))).toEqual({ updated: 1, hot: 1 })
  expect(await updatesOf((ctx) => recordActivity(ctx, call))).toEqual({ updated: 1, hot: 1 })
  const draft = { pending_answers: { [question]: { choice_ids: ['a'] } } }
  expect(await updatesOf((ctx) => saveProgress(ctx, { ...call, input: draft }))).toEqual({
    updated: 1,
    hot: 1,
  })
})
