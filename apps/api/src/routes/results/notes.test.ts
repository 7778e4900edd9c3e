import { afterAll, beforeAll, expect, test } from 'bun:test'
import { createStaff, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

test("recruiters' notes on a report: who wrote what and when, for the organization only", async () => {
  const staff = await createStaff(t)
  const c = await startCandidate(t, staff.actor)
  const notes = `/api/sessions/${c.sessionId}/notes`
  const add = (body: unknown, token = staff.token) => t.request('POST', notes, { token, body })

  const first = await add({ body: '  Strong on indexes; ask about locking in the interview.  ' })
  expect(first.status).toBe(201)
  expect(first.body).toMatchObject({
    body: 'Strong on indexes; ask about locking in the interview.',
    author: { id: staff.actor.userId },
    created_at: t.clock.now().toISOString(),
  })
  t.clock.advance(60_000)
  expect((await add({ body: 'Agreed.' })).status).toBe(201)
  const list = await t.request('GET', notes, { token: staff.token })
  expect(list.status).toBe(200)
  expect(list.body.notes.map((n: { body: string }) => n.body)).toEqual([
    'Strong on indexes; ask about locking in the interview.',
    'Agreed.',
  ])

  // Nothing to say is a 400 naming the field; too much too.
  const empty = await add({ body: '   ' })
  expect(empty.status).toBe(400)
  expect(empty.body.error.details.fields.body).toBeDefined()
  expect((await add({ body: 'x'.repeat(5001) })).status).toBe(400)

  // Another organization's staff: the session does not exist for them.
  const other = await createStaff(t)
  expect((await t.request('GET', notes, { token: other.token })).status).toBe(404)
  expect((await add({ body: 'sneaky' }, other.token)).status).toBe(404)
  // The candidate never sees them.
  expect((await t.request('GET', notes, { token: c.token })).status).toBe(403)
})
