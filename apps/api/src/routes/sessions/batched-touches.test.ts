import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import {
  createDb,
  type DbHandle,
  heartbeat,
  recordActivity,
  type SessionContext,
  saveProgress,
  submitAnswer,
} from '@assess/db'
import { holdTransaction } from '@assess/db/testing'
import { createStaff, oneMcq, sampleQuestions, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

// Heartbeats, activity pings, draft saves and submits of one tick share a statement (a submit's:
// a transaction; tick-statements.ts): each call keeps its own conditions, and a row another
// transaction holds never holds up the rest.

let t: TestApp
/** A pool of the test's own that logs every statement it sends. */
let logged: { handle: DbHandle; statements: string[] }
let ctx: SessionContext
beforeAll(async () => {
  t = await createTestApp()
  const statements: string[] = []
  const handle = createDb(t.databaseUrl, { max: 4, onQuery: (query) => statements.push(query) })
  logged = { handle, statements }
  ctx = { db: handle.db, now: t.clock.now, queue: { enqueueGrading: async () => {} } }
})
afterAll(async () => {
  await logged.handle.close()
  await t.close()
})

async function candidates(count: number, questions = [oneMcq()]) {
  const staff = await createStaff(t)
  const all = []
  for (let i = 0; i < count; i++) {
    const c = await startCandidate(t, staff.actor, {
      assessment: { navigation: 'free', questions },
    })
    all.push({
      c,
      call: {
        sessionId: c.sessionId,
        candidateId: c.invitation.candidateId,
        assessmentId: c.invitation.assessmentId,
        invitationId: c.invitation.id,
        leaseId: c.lease,
      },
    })
  }
  return all
}

const heartbeatOf = async (sessionId: string) => {
  const [row] = await t.sql<{ ms: number | null }[]>`
    SELECT (extract(epoch FROM last_heartbeat) * 1000)::float8 AS ms
    FROM test_sessions WHERE id = ${sessionId}`
  return row?.ms ?? null
}
const updates = () => logged.statements.filter((q) => /UPDATE test_sessions/.test(q))

test('heartbeats of one tick go out as one statement, each answered with its own row', async () => {
  const all = await candidates(4)
  t.clock.advance(1_000)
  logged.statements.length = 0
  const touched = await Promise.all(all.map(({ call }) => heartbeat(ctx, call)))
  expect(updates()).toHaveLength(1)
  expect(touched.map((x) => x.session.lastHeartbeat?.getTime())).toEqual(
    all.map(() => t.clock.now().getTime()),
  )
  for (const { c } of all) expect(await heartbeatOf(c.sessionId)).toBe(t.clock.now().getTime())
  // Activity pings batch on their own: they write another column.
  logged.statements.length = 0
  await Promise.all(all.map(({ call }) => recordActivity(ctx, call)))
  expect(updates()).toHaveLength(1)
})

test("a call the batch did not write gets the full path's answer; the others are written", async () => {
  const [good, other] = await candidates(2)
  if (!good || !other) throw new Error('no candidates')
  t.clock.advance(1_000)
  const results = await Promise.allSettled([
    heartbeat(ctx, good.call),
    heartbeat(ctx, { ...other.call, leaseId: crypto.randomUUID() }),
    heartbeat(ctx, good.call), // the same lease twice in a tick: both answered
  ])
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  expect((results[1] as PromiseRejectedResult).reason.code).toBe('session_locked')
  expect(await heartbeatOf(good.c.sessionId)).toBe(t.clock.now().getTime())
  expect(await heartbeatOf(other.c.sessionId)).not.toBe(t.clock.now().getTime())
})

test('a session another transaction holds does not hold up the batch: it waits on its own', async () => {
  const [held, free] = await candidates(2)
  if (!held || !free) throw new Error('no candidates')
  t.clock.advance(1_000)
  const at = t.clock.now().getTime()
  // A submit's lock, say: held until the test lets go.
  const holder = await holdTransaction(
    t.sql,
    (tx) => tx`SELECT id FROM test_sessions WHERE id = ${held.c.sessionId} FOR UPDATE`,
  )
  let heldDone = false
  const heldBeat = heartbeat(ctx, held.call).then((x) => {
    heldDone = true
    return x
  })
  const freeBeat = await heartbeat(ctx, free.call)
  expect(freeBeat.session.lastHeartbeat?.getTime()).toBe(at)
  // The held session's call took the full path, which waits for the lock.
  expect(heldDone).toBe(false)
  await holder.release()
  expect((await heldBeat).session.lastHeartbeat?.getTime()).toBe(at)
  expect(await heartbeatOf(held.c.sessionId)).toBe(at)
})

const draft = (choice: string) => ({ choice_ids: [choice] })

test("saves of one tick go out as one statement; each keeps its own drafts' revisions", async () => {
  const all = await candidates(3)
  const question = (c: (typeof all)[number]['c']) => c.state.question.id as string
  const save = (x: (typeof all)[number], choice: string, base?: number) =>
    saveProgress(ctx, {
      ...x.call,
      input: {
        pending_answers: { [question(x.c)]: draft(choice) },
        ...(base !== undefined && { draft_bases: { [question(x.c)]: base } }),
      },
    })
  logged.statements.length = 0
  const first = await Promise.all(all.map((x) => save(x, 'a')))
  expect(updates()).toHaveLength(1)
  expect(first.map((x) => x.drafts)).toEqual(
    all.map((x) => ({ saved: { [question(x.c)]: 1 }, conflicts: {} })),
  )
  // One statement again: the first edited from revision 1, the second from a stale 0 (another
  // tab's text came first), the third without a base.
  const [a, b, c] = all
  if (!a || !b || !c) throw new Error('no candidates')
  logged.statements.length = 0
  const second = await Promise.all([save(a, 'b', 1), save(b, 'b', 0), save(c, 'b')])
  expect(updates()).toHaveLength(1)
  expect(second.map((x) => x.drafts)).toEqual([
    { saved: { [question(a.c)]: 2 }, conflicts: {} },
    { saved: {}, conflicts: { [question(b.c)]: { revision: 1, answer: draft('a') } } },
    { saved: { [question(c.c)]: 2 }, conflicts: {} },
  ])
})

test('a save over the drafts cap is refused alone: the others of its tick are written', async () => {
  const [full, other] = await candidates(2, [oneMcq(), oneMcq('Second')])
  if (!full || !other) throw new Error('no candidates')
  const second = full.c.detail.questions[1]?.id as string
  const question = (x: typeof full) => x.c.state.question.id as string
  // Five bytes of room left: no draft fits.
  const big = { language: 'javascript', code: 'x'.repeat(2 * 1_024 * 1_024 - 38 - 5) }
  await t.sql`INSERT INTO session_drafts (session_id, question_id, draft, rev, saved_at)
    VALUES (${full.c.sessionId}, ${second}, ${JSON.stringify(big)}::jsonb, 1, now())`
  const save = (x: typeof full) =>
    saveProgress(ctx, { ...x.call, input: { pending_answers: { [question(x)]: draft('a') } } })
  logged.statements.length = 0
  const [refused, saved] = await Promise.allSettled([save(full), save(other)])
  // The statement of both, undone by the trigger; then one statement each: the other save is
  // written on the short path still (the refused one's full path says why).
  expect(logged.statements.filter((q) => /INSERT INTO session_drafts/.test(q))).toHaveLength(3)
  expect(refused.status === 'rejected' && refused.reason.code).toBe('drafts_too_large')
  expect(saved.status === 'fulfilled' && saved.value.drafts?.saved).toEqual({
    [question(other)]: 1,
  })
  const [row] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM session_drafts
    WHERE session_id = ${full.c.sessionId} AND question_id = ${question(full)}`
  expect(row?.n).toBe(0)
})

test('a value Postgres refuses fails its own save only, not the others of its tick', async () => {
  const shortAnswer = sampleQuestions()[1]
  if (!shortAnswer) throw new Error('no short answer')
  const [bad, good] = await candidates(2, [{ ...shortAnswer, time_limit_seconds: null }])
  if (!bad || !good) throw new Error('no candidates')
  const save = (x: typeof bad, text: string) =>
    saveProgress(ctx, {
      ...x.call,
      input: { pending_answers: { [x.c.state.question.id as string]: { text } } },
    })
  // jsonb stores no NUL character: the API answers 400 for it (errors.ts).
  const [refused, saved] = await Promise.allSettled([save(bad, 'a\u0000b'), save(good, 'fine')])
  expect(refused.status === 'rejected' && refused.reason.code).toBe('22P05')
  expect(saved.status === 'fulfilled' && Object.keys(saved.value.drafts?.saved ?? {})).toEqual([
    good.c.state.question.id,
  ])
})

// A tick's submits: one transaction, each planned on its own locked session (submit-fast.ts).
describe('submits of one tick', () => {
  const submitCtx = () => ({ ...ctx, queue: t.answerQueue })
  const submitFirst = (x: Awaited<ReturnType<typeof candidates>>[number], choice = 'a') =>
    submitAnswer(submitCtx(), {
      ...x.call,
      input: { question_id: x.c.state.question.id as string, answer: draft(choice) },
    })
  const inserts = () => logged.statements.filter((q) => /INSERT INTO answers/.test(q))

  test('share one transaction; each stores its answer and moves its own session on', async () => {
    const all = await candidates(3, [oneMcq(), oneMcq('Second')])
    logged.statements.length = 0
    const submitted = await Promise.all(all.map((x) => submitFirst(x)))
    expect(inserts()).toHaveLength(1)
    expect(submitted.map((s) => [s.duplicate, s.session.currentQuestionIndex])).toEqual(
      all.map(() => [false, 1]),
    )
    for (const [i, { c }] of all.entries()) {
      const [row] = await t.sql<{ answers: string[]; events: string[] }[]>`SELECT
        ARRAY(SELECT id::text FROM answers WHERE session_id = ${c.sessionId}) AS answers,
        ARRAY(SELECT type FROM session_events WHERE session_id = ${c.sessionId}
          AND type = 'answer_submitted') AS events`
      expect(row).toEqual({
        answers: [submitted[i]?.answer.id as string],
        events: ['answer_submitted'],
      })
      // The grading outbox: each answer's job is queued.
      expect(await t.gradingQueue.getJob(submitted[i]?.answer.id as string)).toBeDefined()
    }
    // Replayed together: each is the stored answer (the full path, which finds it).
    const replays = await Promise.all(all.map((x) => submitFirst(x)))
    expect(replays.map((r) => [r.duplicate, r.answer.id])).toEqual(
      submitted.map((s) => [true, s.answer.id]),
    )
  })

  test('a session held by another transaction waits on its own; the others go through', async () => {
    const [held, free] = await candidates(2, [oneMcq(), oneMcq('Second')])
    if (!held || !free) throw new Error('no candidates')
    const holder = await holdTransaction(
      t.sql,
      (tx) => tx`SELECT id FROM test_sessions WHERE id = ${held.c.sessionId} FOR UPDATE`,
    )
    let heldDone = false
    const heldSubmit = submitFirst(held).then((x) => {
      heldDone = true
      return x
    })
    expect((await submitFirst(free)).duplicate).toBe(false)
    expect(heldDone).toBe(false)
    await holder.release()
    expect((await heldSubmit).session.currentQuestionIndex).toBe(1)
  })

  test("a session's two submits of one tick are both stored", async () => {
    const [x] = await candidates(1, [oneMcq(), oneMcq('Second'), oneMcq('Third')])
    if (!x) throw new Error('no candidate')
    const ids = (x.c.detail.questions as { id: string }[]).map((q) => q.id)
    const submit = (questionId: string) =>
      submitAnswer(submitCtx(), {
        ...x.call,
        input: { question_id: questionId, answer: draft('a') },
      })
    // Free navigation: any unanswered question may be answered.
    const both = await Promise.all([submit(ids[0] as string), submit(ids[1] as string)])
    expect(both.map((s) => s.duplicate)).toEqual([false, false])
    const [row] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM answers
      WHERE session_id = ${x.c.sessionId}`
    expect(row?.n).toBe(2)
  })
})
