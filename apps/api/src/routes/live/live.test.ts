import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { LiveEvent } from '@assess/core'
import { waitUntil } from '@assess/db/testing'
import { compareIds, streamKey } from '@assess/live'
import type { Server } from 'bun'
import { createStaff, sampleQuestions, startCandidate } from '../../test/factories.ts'
import { createTestApp, type TestApp } from '../../test/harness.ts'
import { expectStaffOnly } from '../../test/security.ts'
import { openSse, type SseClient } from '../../test/sse-client.ts'

const HEARTBEAT_MS = 500
let t: TestApp
let server: Server<undefined>
const streams: SseClient[] = []
beforeAll(async () => {
  t = await createTestApp({ live: { heartbeatMs: HEARTBEAT_MS } })
  // Over real HTTP, as a browser reads it: Bun's server, its idle timeout, a real disconnect.
  server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: t.app.fetch })
})
afterAll(async () => {
  for (const s of streams) await s.close()
  await server.stop(true)
  await t.close()
})

type Staff = Awaited<ReturnType<typeof createStaff>>
const questionOf = (type: string) => {
  const found = sampleQuestions().find((q) => q.type === type)
  if (!found) throw new Error(`no sample ${type} question`)
  return found
}
const mcq = questionOf('mcq')
const short = questionOf('short_answer')
const mcqAnswer = { choice_ids: ['a', 'c'] }

async function live(staff: Staff, query = '', headers: Record<string, string> = {}) {
  const stream = await openSse(`${server.url}api/live${query}`, {
    authorization: `Bearer ${staff.token}`,
    ...headers,
  })
  streams.push(stream)
  expect(stream.status).toBe(200)
  return stream
}

/** The stream's events of one session, as [type, data] pairs. */
const of = (stream: SseClient, sessionId: string) =>
  stream
    .envelopes()
    .filter((e) => e.session_id === sessionId)
    .map((e) => [e.type, e.data])

const types = (stream: SseClient, sessionId: string) => of(stream, sessionId).map(([type]) => type)

const hasEvent = (stream: SseClient, sessionId: string, type: string) => () =>
  types(stream, sessionId).includes(type)

describe('GET /api/live: who may listen', () => {
  test('staff only, their own organization; a token in the URL is not a token', async () => {
    const staff = await createStaff(t)
    const foreign = await createStaff(t)
    const c = await startCandidate(t, staff.actor)
    const path = `/api/live?assessment_id=${c.detail.assessment.id}`
    await expectStaffOnly(t, { method: 'GET', path }, foreign.token)
    const inUrl = await t.request('GET', `/api/live?access_token=${staff.token}`)
    expect(inUrl.status).toBe(401)
  })

  test('bad input is a 400 naming the field', async () => {
    const staff = await createStaff(t)
    const badId = await t.request('GET', '/api/live?assessment_id=nope', { token: staff.token })
    expect(badId.status).toBe(400)
    expect(badId.body.error.details.fields).toHaveProperty('assessment_id')
    const badCursor = await t.request('GET', '/api/live', {
      token: staff.token,
      headers: { 'last-event-id': 'yesterday' },
    })
    expect(badCursor.status).toBe(400)
    expect(badCursor.body.error.details.fields).toHaveProperty('last-event-id')
  })

  test('a recruiter (not only an admin) gets an event stream; it closes when they leave', async () => {
    const staff = await createStaff(t)
    const token = await t.tokens.signStaff({ ...staff.user, role: 'recruiter' })
    const stream = await live({ ...staff, token })
    expect(stream.headers.get('content-type')).toStartWith('text/event-stream')
    expect(stream.headers.get('cache-control')).toBe('no-cache')
    await stream.waitFor('the opening comment', () => stream.comments.includes('connected'))
    expect(t.liveReader.openCount).toBeGreaterThan(0)
    const before = t.liveReader.openCount
    await stream.close()
    // The server notices the disconnect and drops the stream's Redis connection.
    await waitUntil('the stream closed', () => t.liveReader.openCount === before - 1, 10_000)
  })
})

describe('GET /api/live: a stream ends with its token', () => {
  test('the server closes the stream when the token expires', async () => {
    const staff = await createStaff(t)
    // Signed now, valid 12 hours: read with one second of it left.
    const token = await t.tokens.signStaff({ ...staff.user, role: 'admin' })
    t.clock.advance(12 * 3600 * 1000 - 1000)
    const stream = await live({ ...staff, token })
    await stream.waitFor('the opening comment', () => stream.comments.includes('connected'))
    await stream.waitFor('the server to end the stream', () => stream.ended)
  })

  test('an open stream ends at the next heartbeat after its user is deactivated or gone', async () => {
    const gone = [
      async (id: string, admin: Staff) => {
        const res = await t.request('DELETE', `/api/org/members/${id}`, { token: admin.token })
        expect(res.status).toBe(200)
      },
      (id: string) => t.sql`DELETE FROM users WHERE id = ${id}`,
    ]
    for (const remove of gone) {
      const owner = await createStaff(t)
      // A second staff user of the organization, so the first stays its admin.
      const [member] = await t.sql<{ id: string }[]>`
        INSERT INTO users (org_id, email, name, role)
        VALUES (${owner.user.orgId}, ${`live-${crypto.randomUUID()}@example.test`}, 'Rita', 'recruiter')
        RETURNING id`
      if (!member) throw new Error('no member')
      const token = await t.tokens.signStaff({
        id: member.id,
        orgId: owner.user.orgId,
        role: 'recruiter',
      })
      const stream = await live({ ...owner, token })
      // An active user's stream goes on past heartbeats (each one re-reads the user).
      await stream.waitFor('two heartbeats', () =>
        stream.comments.filter((c) => c === 'heartbeat').length >= 2 ? true : undefined,
      )
      expect(stream.ended).toBe(false)
      const opened = t.liveReader.openCount
      await remove(member.id, owner)
      await stream.waitFor('the server to end the stream', () => stream.ended)
      await waitUntil(
        'its Redis reader closed',
        () => t.liveReader.openCount === opened - 1,
        10_000,
      )
    }
  }, 60_000) // heartbeats and two sign-ups (argon2): more than the 5 s default on a busy machine
})

describe('GET /api/live: what a recruiter sees', () => {
  test('a candidate’s flow: started, submitted, integrity, completed, with ids and valid envelopes', async () => {
    const staff = await createStaff(t)
    const stream = await live(staff)
    const c = await startCandidate(t, staff.actor)
    const first = c.state.question
    expect(
      (await c.call('POST', '/answers', { question_id: first.id, answer: mcqAnswer })).status,
    ).toBe(201)
    const events = { events: [{ type: 'tab_hidden' }, { type: 'paste', data: { length: 12 } }] }
    expect((await c.call('POST', '/events', events)).status).toBe(202)
    expect((await c.call('PUT', '/complete', {})).status).toBe(200)
    await stream.waitFor(
      'the session to complete',
      hasEvent(stream, c.sessionId, 'session.completed'),
    )

    expect(types(stream, c.sessionId)).toEqual([
      'session.started',
      'answer.submitted',
      'integrity.event',
      'session.completed',
    ])
    for (const envelope of stream.envelopes())
      expect(LiveEvent.safeParse(envelope).success).toBe(true)
    const [started, submitted, integrity, completed] = stream.envelopes()
    const email = started.candidate.email
    expect(started).toMatchObject({
      assessment_id: c.detail.assessment.id,
      candidate: { email, name: email },
      data: { assessment_title: c.detail.assessment.title, attempt_number: 1, total_questions: 3 },
    })
    expect(submitted.data).toMatchObject({
      question_id: first.id,
      question_index: 0,
      time_expired: false,
    })
    expect(integrity.data).toEqual({ types: ['tab_hidden', 'paste'] })
    expect(completed.data).toMatchObject({ status: 'completed', completion_method: 'manual' })
    // Each event carries its stream id, increasing, and its type as the SSE event name.
    const ids = stream.events.map((e) => e.id ?? '')
    expect(ids.every((id) => /^\d+-\d+$/.test(id))).toBe(true)
    expect(ids.every((id, i) => i === 0 || compareIds(ids[i - 1] ?? '', id) < 0)).toBe(true)
    expect(stream.events.map((e) => e.event)).toEqual(stream.envelopes().map((e) => e.type))
  })

  test('the last answer ends the session (auto); a replayed submit says nothing new', async () => {
    const staff = await createStaff(t)
    const stream = await live(staff)
    const c = await startCandidate(t, staff.actor, { assessment: { questions: [mcq] } })
    const submit = { question_id: c.state.question.id, answer: mcqAnswer }
    expect((await c.call('POST', '/answers', submit)).status).toBe(201)
    expect((await c.call('POST', '/answers', submit, null)).status).toBe(200) // the replay
    await stream.waitFor('the end', hasEvent(stream, c.sessionId, 'session.completed'))
    const sentinel = await startCandidate(t, staff.actor, { assessment: { questions: [mcq] } })
    await stream.waitFor('a later event', hasEvent(stream, sentinel.sessionId, 'session.started'))
    expect(of(stream, c.sessionId)).toMatchObject([
      ['session.started', {}],
      ['answer.submitted', { progress_percent: 100 }],
      ['session.completed', { status: 'completed', completion_method: 'auto' }],
    ])
  })

  test('an ending the clock catches up on a read is published once, by that read', async () => {
    const staff = await createStaff(t)
    const stream = await live(staff)
    const c = await startCandidate(t, staff.actor, {
      assessment: { duration_minutes: 1, questions: [{ ...short, time_limit_seconds: null }] },
    })
    await t.clock.later(2 * 60_000, async () => {
      expect((await c.call('GET', '')).body.session.status).toBe('expired')
      expect((await c.call('GET', '')).body.session.status).toBe('expired')
    })
    const sentinel = await startCandidate(t, staff.actor, { assessment: { questions: [mcq] } })
    await stream.waitFor('a later event', hasEvent(stream, sentinel.sessionId, 'session.started'))
    expect(of(stream, c.sessionId)).toMatchObject([
      ['session.started', {}],
      ['session.completed', { status: 'expired', completion_method: 'timer_expired' }],
    ])
  })

  test('?assessment_id= passes only that assessment’s sessions', async () => {
    const staff = await createStaff(t)
    const watched = await startCandidate(t, staff.actor, { assessment: { questions: [mcq] } })
    const stream = await live(staff, `?assessment_id=${watched.detail.assessment.id}`)
    const other = await startCandidate(t, staff.actor, { assessment: { questions: [mcq] } })
    expect((await other.call('PUT', '/complete', {})).status).toBe(200)
    // Published after the other session's events, so they would have come first.
    expect((await watched.call('PUT', '/complete', {})).status).toBe(200)
    await stream.waitFor(
      'the watched end',
      hasEvent(stream, watched.sessionId, 'session.completed'),
    )
    expect(stream.envelopes().map((e) => [e.type, e.session_id])).toEqual([
      ['session.completed', watched.sessionId],
    ])
  })

  test('reconnecting with Last-Event-ID replays exactly what was missed, then goes live', async () => {
    const staff = await createStaff(t)
    const first = await live(staff)
    const c = await startCandidate(t, staff.actor)
    await first.waitFor('the start', hasEvent(first, c.sessionId, 'session.started'))
    const lastSeen = first.events.at(-1)?.id ?? ''
    await first.close()

    // While away: an answer and an integrity signal. Published once Redis has them.
    const question = c.state.question
    expect(
      (await c.call('POST', '/answers', { question_id: question.id, answer: mcqAnswer })).status,
    ).toBe(201)
    expect(
      (await c.call('POST', '/events', { events: [{ type: 'fullscreen_exit' }] })).status,
    ).toBe(202)
    const key = streamKey(t.redisPrefix, staff.user.orgId)
    await waitUntil(
      'both missed events stored',
      async () => (await t.redis.xlen(key)) === 3,
      10_000,
    )

    const again = await live(staff, '', { 'last-event-id': lastSeen })
    await again.waitFor('the replay', () => again.events.length >= 2)
    expect((await c.call('PUT', '/complete', {})).status).toBe(200)
    await again.waitFor('the live end', hasEvent(again, c.sessionId, 'session.completed'))
    expect(types(again, c.sessionId)).toEqual([
      'answer.submitted',
      'integrity.event',
      'session.completed',
    ])
    const stored = (await t.redis.xrange(key, `(${lastSeen}`, '+')).map(([id]) => id)
    expect(again.events.map((e) => e.id)).toEqual(stored)
  })

  test('a heartbeat comment arrives on a quiet stream', async () => {
    const staff = await createStaff(t)
    const stream = await live(staff)
    await stream.waitFor(
      'two heartbeats',
      () => stream.comments.filter((c) => c === 'heartbeat').length >= 2,
    )
    expect(stream.events).toEqual([])
  })

  test('a stream quieter than the server’s idle timeout stays open (Bun closes idle sockets)', async () => {
    // Bun's idleTimeout is at least 8 s; the heartbeat here comes after it.
    const slow = await createTestApp({ live: { heartbeatMs: 9000 } })
    const strict = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      idleTimeout: 8,
      fetch: slow.app.fetch,
    })
    try {
      const staff = await createStaff(slow)
      const stream = await openSse(`${strict.url}api/live`, {
        authorization: `Bearer ${staff.token}`,
      })
      streams.push(stream)
      await stream.waitFor(
        'the heartbeat after 9 s, or the connection closed before it',
        () => stream.comments.includes('heartbeat') || stream.ended,
      )
      expect(stream.ended).toBe(false)
      await stream.close()
    } finally {
      await strict.stop(true)
      await slow.close()
    }
  }, 30_000)
})
