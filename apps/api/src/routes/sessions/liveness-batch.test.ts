import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createDb, type DbHandle, heartbeat, recordActivity, type SessionContext } from '@assess/db'
import { createStaff, oneMcq, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

// Heartbeats and activity pings of one tick share one UPDATE (fast-touch.ts): each call keeps
// its own conditions, and a row another transaction holds never holds up the rest.

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

async function candidates(count: number) {
  const staff = await createStaff(t)
  const all = []
  for (let i = 0; i < count; i++) {
    const c = await startCandidate(t, staff.actor, { assessment: { questions: [oneMcq()] } })
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
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  let locked = () => {}
  const isLocked = new Promise<void>((resolve) => (locked = resolve))
  // A submit's lock, say: held until the test lets go.
  const holder = t.sql.begin(async (tx) => {
    await tx`SELECT id FROM test_sessions WHERE id = ${held.c.sessionId} FOR UPDATE`
    locked()
    await released
  })
  await isLocked
  let heldDone = false
  const heldBeat = heartbeat(ctx, held.call).then((x) => {
    heldDone = true
    return x
  })
  const freeBeat = await heartbeat(ctx, free.call)
  expect(freeBeat.session.lastHeartbeat?.getTime()).toBe(at)
  // The held session's call took the full path, which waits for the lock.
  expect(heldDone).toBe(false)
  release()
  await holder
  expect((await heldBeat).session.lastHeartbeat?.getTime()).toBe(at)
  expect(await heartbeatOf(held.c.sessionId)).toBe(at)
})
